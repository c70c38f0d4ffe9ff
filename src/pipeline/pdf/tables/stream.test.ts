import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBlocks } from '../blocks.ts';
import { groupLines, type TextRun } from '../layout.ts';

const run = (str: string, x0: number, y: number, size = 10): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * size * 0.5,
  y,
  size,
});
const noHeadings = () => null;

describe('stream tables (no rules)', () => {
  it('reads a borderless table from aligned columns into 1×1 cells with a header row', () => {
    const rows = [
      ['Country', 'Capital', 'Population'],
      ['France', 'Paris', '68.0M'],
      ['Germany', 'Berlin', '84.4M'],
      ['Italy', 'Rome', '58.9M'],
    ];
    const runs = rows.flatMap((row, r) => row.map((w, c) => run(w, 72 + 120 * c, 100 + 14 * r)));
    const blocks = buildBlocks(groupLines(runs), noHeadings);
    assert.equal(blocks.length, 1);
    const table = blocks[0]!;
    assert.equal(table.type, 'table');
    assert.deepEqual(table.rows, rows);
    assert.equal(table.headerRows, 1);
    assert.equal(table.cells!.length, 12);
    assert.deepEqual(table.cells![5]!.text, '68.0M');
  });

  it('keeps a wrapped cell in its row, inside the table and at its end, and a one-cell row as a row', () => {
    const line = (cells: [string, number][], y: number) => cells.map(([w, x]) => run(w, x, y));
    const runs = [
      ...line(
        [
          ['Parameter', 72],
          ['Value', 192],
          ['Unit', 312],
        ],
        100,
      ),
      ...line(
        [
          ['Supply', 72],
          ['230', 192],
          ['V', 312],
        ],
        120,
      ),
      ...line([['voltage', 72]], 130),
      ...line(
        [
          ['Rated power', 72],
          ['369', 192],
          ['kW', 312],
        ],
        150,
      ),
      ...line([['Motors', 72]], 170),
      ...line(
        [
          ['Speed', 72],
          ['1450', 192],
          ['rpm', 312],
        ],
        190,
      ),
      ...line(
        [
          ['Protection', 72],
          ['262', 192],
          ['IP', 312],
        ],
        210,
      ),
      ...line([['class', 72]], 220),
      run('A paragraph after the table goes on here.', 72, 260),
    ];
    const [table, after] = buildBlocks(groupLines(runs), noHeadings);
    assert.deepEqual(table!.rows, [
      ['Parameter', 'Value', 'Unit'],
      ['Supply voltage', '230', 'V'],
      ['Rated power', '369', 'kW'],
      ['Motors', '', ''],
      ['Speed', '1450', 'rpm'],
      ['Protection class', '262', 'IP'],
    ]);
    assert.equal(after!.type, 'paragraph');
  });

  it('does not make a table of two columns of prose', () => {
    const runs: TextRun[] = [];
    for (let k = 0; k < 12; k++) {
      runs.push(run('the quick brown fox jumps over the', 50, 100 + 12 * k));
      runs.push(run('lazy dog and a sentence goes on here', 320, 100 + 12 * k));
    }
    const blocks = buildBlocks(groupLines(runs), noHeadings);
    assert.ok(blocks.every((b) => b.type !== 'table'));
  });
});
