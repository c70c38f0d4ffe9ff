import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksMarkdown, buildBlocks } from './blocks.ts';
import { settleDropCaps } from './drop-caps.ts';
import { groupLines, readingOrder, type TextRun } from './layout.ts';

/** A run of 8.5 pt text, 0.5 em a character. */
const run = (str: string, x0: number, y: number, size = 8.5): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * size * 0.5,
  y,
  size,
});

/**
 * A paragraph opening with a 32 pt "O" three lines deep (as in a BMJ article): its baseline is the
 * third line's, 20 pt under the first's, and the first three lines are set in beside it.
 */
const dropCapParagraph = (): TextRun[] => [
  { str: 'O', x0: 100, x1: 126, y: 130, size: 32 },
  run('ver the past three decades increasing', 127, 110),
  run('pressure from non-governmental organi-', 127, 120),
  run('sations (NGOs), governments and the', 127, 130),
  run('United Nations, has required transnational', 100, 140),
  run('corporations (TNCs) to examine and redress', 100, 150),
];

describe('drop caps', () => {
  it('reads a drop cap as the first letter of the first line beside it', () => {
    assert.deepEqual(
      groupLines(dropCapParagraph()).map((l) => l.text),
      [
        'Over the past three decades increasing',
        'pressure from non-governmental organi-',
        'sations (NGOs), governments and the',
        'United Nations, has required transnational',
        'corporations (TNCs) to examine and redress',
      ],
    );
  });

  it('keeps the lines beside a drop cap in one paragraph', () => {
    const lines = readingOrder(dropCapParagraph());
    const blocks = buildBlocks(lines, () => null);
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['paragraph'],
    );
    assert.match(blocksMarkdown(blocks), /^Over the past .* organisations \(NGOs\)/);
  });

  it('still starts a paragraph at a first line indented from the full line above it', () => {
    const lines = readingOrder([
      run('the end of one paragraph set full width', 100, 110),
      run('and its last line.', 100, 120),
      run('An indented first line of the next', 110, 130),
      run('paragraph, back at the left margin.', 100, 140),
    ]);
    assert.equal(buildBlocks(lines, () => null).length, 2);
  });

  it('leaves a big letter on its own line’s baseline (a raised initial) where it is', () => {
    const runs = [
      { str: 'T', x0: 100, x1: 120, y: 110, size: 30 },
      run('his line stands on its baseline', 121, 110),
    ];
    assert.deepEqual(settleDropCaps(runs), runs);
  });

  it('leaves a big letter with nothing set in beside it (a figure label) where it is', () => {
    const runs = [{ str: 'A', x0: 100, x1: 120, y: 130, size: 30 }, run('text well to the right', 160, 110)];
    assert.deepEqual(settleDropCaps(runs), runs);
  });
});
