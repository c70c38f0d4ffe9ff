import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksMarkdown, buildBlocks, joinLines } from './blocks.ts';
import { groupLines, readingOrder, type TextRun } from './layout.ts';

const run = (str: string, x0: number, y: number, size = 10): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * size * 0.5,
  y,
  size,
});

describe('pdf layout', () => {
  it('reads a two-column page left column first, with a full-width title on top', () => {
    const runs: TextRun[] = [run('A title that spans both columns of the page', 150, 50, 14)];
    for (let k = 0; k < 20; k++) {
      runs.push(run(`left line number ${String(k).padStart(2, '0')} text body`, 50, 100 + 12 * k));
      runs.push(run(`right line number ${String(k).padStart(2, '0')} text body`, 320, 100 + 12 * k));
    }
    const lines = readingOrder(runs).map((l) => l.text);
    assert.equal(lines[0], 'A title that spans both columns of the page');
    assert.equal(lines[1], 'left line number 00 text body');
    assert.equal(lines[20], 'left line number 19 text body');
    assert.equal(lines[21], 'right line number 00 text body');
  });

  it('keeps single-column lines whole and in order', () => {
    const runs = [run('first half', 50, 100), run('second half', 120, 100), run('next line', 50, 112)];
    assert.deepEqual(
      readingOrder(runs).map((l) => l.text),
      ['first half second half', 'next line'],
    );
  });

  it('joins hyphenated line ends', () => {
    assert.equal(
      joinLines(['an exam-', 'ple of it', 'Self-', 'Driving']),
      'an example of it\nSelf-\nDriving',
    );
  });

  it('turns aligned multi-column lines into a table and big text into headings', () => {
    const runs = [run('Results', 50, 40, 16)];
    const rows = [
      ['Name', 'Count', 'Price'],
      ['Apples', '3', '1.20'],
      ['Pears', '12', '0.80'],
    ];
    rows.forEach((cells, k) => {
      cells.forEach((cell, c) => {
        runs.push(run(cell, 50 + 120 * c, 80 + 14 * k));
      });
    });
    runs.push(run('A closing paragraph under the table.', 50, 160));
    const lines = readingOrder(runs);
    const blocks = buildBlocks(lines, (line) => (line.size > 12 ? 1 : null));
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['heading', 'table', 'paragraph'],
    );
    assert.deepEqual(blocks[1]?.rows, rows);
    assert.match(
      blocksMarkdown(blocks),
      /^# Results\n\n\| Name \| Count \| Price \|\n\| --- \| --- \| --- \|\n\| Apples \| 3 \| 1\.20 \|/,
    );
    const bbox = blocks[0]?.bbox;
    assert.ok(bbox && bbox[0] === 50 && bbox[1] < 40 && bbox[3] > 40, 'bbox in points, top-left origin');
  });
});

describe('mixed writing directions', () => {
  it('puts a space where the direction changes between two touching runs', () => {
    const runs: TextRun[] = [
      { str: 'Python', x0: 100, x1: 140, y: 50, size: 12 },
      { str: '\u0648', x0: 140, x1: 146, y: 50, size: 12, rtl: true },
      {
        str: '\u0627\u0644\u0628\u0631\u0645\u062C\u0629 \u0628\u0644\u063A\u0629',
        x0: 150,
        x1: 220,
        y: 50,
        size: 12,
        rtl: true,
      },
    ];
    assert.equal(
      readingOrder(runs)[0]!.text,
      '\u0627\u0644\u0628\u0631\u0645\u062C\u0629 \u0628\u0644\u063A\u0629 \u0648 Python',
    );
  });

  it('reads a right-to-left line from its right end, a number in it left to right', () => {
    // "2-5 استاندارد" set glyph by glyph: the number is four runs with no direction of their own.
    const runs: TextRun[] = [
      {
        str: '\u0627\u0633\u062A\u0627\u0646\u062F\u0627\u0631\u062F',
        x0: 100,
        x1: 160,
        y: 50,
        size: 12,
        rtl: true,
      },
      { str: '-', x0: 163, x1: 168, y: 50, size: 12 },
      { str: '2', x0: 168, x1: 174, y: 50, size: 12 },
      { str: '-', x0: 174, x1: 179, y: 50, size: 12 },
      { str: '5', x0: 179, x1: 185, y: 50, size: 12 },
    ];
    assert.equal(readingOrder(runs)[0]!.text, '-2-5 \u0627\u0633\u062A\u0627\u0646\u062F\u0627\u0631\u062F');
  });
});

describe('groupLines', () => {
  it('keeps a big title apart from the two small lines its baseline falls between', () => {
    const runs: TextRun[] = [
      { str: 'Publisher', x0: 60, x1: 100, y: 134, size: 9 },
      { str: 'National Assembly', x0: 105, x1: 180, y: 134, size: 10 },
      { str: 'Issues', x0: 410, x1: 530, y: 142, size: 26 },
      { str: 'Editor', x0: 60, x1: 100, y: 150, size: 9 },
      { str: 'Kim', x0: 105, x1: 130, y: 150, size: 10 },
    ];
    assert.deepEqual(
      groupLines(runs).map((l) => l.text),
      ['Publisher National Assembly', 'Issues', 'Editor Kim'],
    );
  });

  it('still takes a superscript or a drop cap beside its text into the line', () => {
    const runs: TextRun[] = [
      { str: 'T', x0: 50, x1: 80, y: 130, size: 36 },
      { str: 'he first line', x0: 82, x1: 200, y: 118, size: 10 },
      { str: 'word', x0: 50, x1: 80, y: 200, size: 10 },
      { str: '12', x0: 80, x1: 86, y: 196, size: 6 },
    ];
    assert.deepEqual(
      groupLines(runs).map((l) => l.text),
      ['The first line', 'word12'],
    );
  });
});
