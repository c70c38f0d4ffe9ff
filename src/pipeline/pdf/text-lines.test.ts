import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupLines, type TextRun } from './layout.ts';
import { textLines } from './text-lines.ts';

const run = (str: string, x0: number, y: number, size = 10): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * size * 0.5,
  y,
  size,
});

describe('text-layer lines', () => {
  it('gives every word a box inside its own cell, so columns can be told apart', () => {
    const lines = groupLines([
      run('Invoice number', 50, 100),
      run('INV-0042', 300, 100),
      run('Date', 50, 114),
    ]);
    const [first, second] = textLines(lines);
    assert.equal(first?.text, 'Invoice number INV-0042');
    assert.deepEqual(
      first?.words.map((w) => w.text),
      ['Invoice', 'number', 'INV-0042'],
    );
    const [invoice, number, value] = first!.words;
    assert.equal(invoice!.bbox[0], 50);
    assert.ok(invoice!.bbox[2] < number!.bbox[0], 'words of a cell do not overlap');
    assert.ok(number!.bbox[2] <= 50 + 14 * 5 + 0.01, 'the label stays inside its cell');
    assert.equal(value!.bbox[0], 300);
    assert.equal(first?.confidence, 1);
    assert.ok(first!.bbox[1] < second!.bbox[1], 'the next line is below');
  });

  it('leaves out rotated text, which has no segments', () => {
    const rotated = { text: 'arXiv stamp', x0: 10, x1: 11, top: 5, bottom: 6, y: 5, size: 0, segments: [] };
    assert.deepEqual(textLines([rotated]), []);
  });
});
