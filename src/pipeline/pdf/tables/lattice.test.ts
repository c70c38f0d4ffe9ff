import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextRun } from '../layout.ts';
import { tableMarkdown } from './cells.ts';
import { latticeTables, type Ruling } from './lattice.ts';
import { pageTables, withTables } from './page-tables.ts';

const run = (str: string, x0: number, y: number, size = 10): TextRun => ({
  str,
  x0,
  x1: x0 + str.length * size * 0.5,
  y,
  size,
});
const h = (y: number, x0: number, x1: number): Ruling => ({ x0, x1, y0: y, y1: y });
const v = (x: number, y0: number, y1: number): Ruling => ({ x0: x, x1: x, y0, y1 });

/** Rules of a full grid: columns at `xs`, rows at `ys`. */
const grid = (xs: number[], ys: number[]): Ruling[] => [
  ...ys.map((y) => h(y, xs[0]!, xs.at(-1)!)),
  ...xs.map((x) => v(x, ys[0]!, ys.at(-1)!)),
];

describe('lattice tables', () => {
  it('takes header text set sideways into its cells', () => {
    const xs = [50, 150, 200, 250];
    const ys = [100, 170, 190, 210];
    // Turned headers: boxes 10 wide and as tall as their text, inside the first row's cells.
    const turned = (str: string, x: number): TextRun => ({
      str,
      x0: x,
      x1: x + 10,
      y: 160,
      size: 50,
      sideways: true,
    });
    const runs = [
      run('User action', 55, 160),
      turned('*JOBCTL', 170),
      turned('SECADM', 220),
      run('CHGQRYA', 55, 184),
      run('X', 170, 184),
      run('STRDBMON', 55, 204),
      run('X', 220, 204),
    ];
    const [table] = latticeTables(runs, grid(xs, ys));
    assert.deepEqual(table!.block.rows, [
      ['User action', '*JOBCTL', 'SECADM'],
      ['CHGQRYA', 'X', ''],
      ['STRDBMON', '', 'X'],
    ]);
  });

  it('puts headers set flush left over numbers set flush right in their own columns', () => {
    const names = ['North', 'South', 'East', 'West', 'Coast'];
    const runs = [
      run('Region', 55, 115),
      run('Q1', 150, 115),
      run('Q2', 250, 115),
      ...names.flatMap((name, k) => [
        run(name, 55, 140 + 16 * k),
        run(`${k + 1},234`, 215, 140 + 16 * k),
        run(`${k + 5},678`, 315, 140 + 16 * k),
      ]),
    ];
    const rules = [h(100, 50, 350), h(122, 50, 350), h(210, 50, 350)];
    const [table] = latticeTables(runs, rules);
    assert.deepEqual(table!.block.rows![0], ['Region', 'Q1', 'Q2']);
    assert.deepEqual(table!.block.rows![1], ['North', '1,234', '5,678']);
  });

  it('keeps a page rule above a booktabs table, and the title and caption between them, out of the table', () => {
    const [x0, x1] = [50, 400];
    const runs = [
      run('Annual report of the water board', x0, 90),
      run('Table 1: Revenue by region', x0, 130),
      run('Region', 55, 165),
      run('Q1', 230, 165),
      run('Q2', 330, 165),
      ...['North', 'South', 'East'].flatMap((name, k) => [
        run(name, 55, 186 + 16 * k),
        run(`${k + 1}00`, 230, 186 + 16 * k),
        run(`${k + 4}00`, 330, 186 + 16 * k),
      ]),
    ];
    // The page's rule under its running head, and the table's top, mid and bottom rules: all as wide.
    const rules = [h(60, x0, x1), h(150, x0, x1), h(170, x0, x1), h(222, x0, x1)];
    const [table, ...rest] = latticeTables(runs, rules);
    assert.equal(rest.length, 0);
    assert.deepEqual(table!.block.rows, [
      ['Region', 'Q1', 'Q2'],
      ['North', '100', '400'],
      ['South', '200', '500'],
      ['East', '300', '600'],
    ]);
    assert.equal(table!.block.bbox![1], 150);
  });

  it('reads a ruled 3×3 grid into cells, a pipe table in markdown', () => {
    const xs = [50, 150, 250, 350];
    const ys = [100, 120, 140, 160];
    const words = [
      ['Name', 'Qty', 'Price'],
      ['Apple', '3', '1.20'],
      ['Pear', '5', '0.90'],
    ];
    const runs = words.flatMap((row, r) => row.map((w, c) => run(w, xs[c]! + 5, ys[r]! + 14)));
    const [table, ...rest] = latticeTables(runs, grid(xs, ys));
    assert.equal(rest.length, 0);
    const block = table!.block;
    assert.equal(block.cells!.length, 9);
    assert.deepEqual(block.rows, words);
    assert.equal(block.headerRows, 1);
    assert.deepEqual(block.cells![4], {
      row: 1,
      col: 1,
      rowSpan: 1,
      colSpan: 1,
      text: '3',
      bbox: [150, 120, 250, 140],
    });
    assert.equal(
      tableMarkdown(block),
      '| Name | Qty | Price |\n| --- | --- | --- |\n| Apple | 3 | 1.20 |\n| Pear | 5 | 0.90 |',
    );
    assert.equal(table!.runs.size, 9);
  });

  it('merges a header cell over two columns where the rule between them is missing, as HTML colspan', () => {
    const xs = [50, 150, 250, 350];
    const ys = [100, 120, 140, 160];
    const rules: Ruling[] = [
      ...ys.map((y) => h(y, 50, 350)),
      v(50, 100, 160),
      v(150, 100, 160),
      v(250, 120, 160), // no rule between the two price columns in the header row
      v(350, 100, 160),
    ];
    const runs = [
      run('Item', 55, 114),
      run('Price', 220, 114),
      ...[
        ['Apple', '1.20', '1.10'],
        ['Pear', '0.90', '0.80'],
      ].flatMap((row, r) => row.map((w, c) => run(w, xs[c]! + 5, ys[r + 1]! + 14))),
    ];
    const block = latticeTables(runs, rules)[0]!.block;
    const header = block.cells!.find((c) => c.text === 'Price')!;
    assert.deepEqual([header.row, header.col, header.rowSpan, header.colSpan], [0, 1, 1, 2]);
    assert.equal(block.cells!.length, 8);
    assert.match(tableMarkdown(block), /^<table>\n<tr><th>Item<\/th><th colspan="2">Price<\/th><\/tr>\n/);
    assert.match(tableMarkdown(block), /<tr><td>Apple<\/td><td>1.20<\/td><td>1.10<\/td><\/tr>/);
  });

  it('keeps a cell of two lines one cell, hyphenation undone', () => {
    const xs = [50, 150, 300];
    const ys = [100, 120, 150];
    const runs = [
      run('Key', 55, 114),
      run('Value', 155, 114),
      run('a', 55, 134),
      run('a long descrip-', 155, 132),
      run('tion here', 155, 144),
    ];
    const block = latticeTables(runs, grid(xs, ys))[0]!.block;
    assert.deepEqual(block.rows, [
      ['Key', 'Value'],
      ['a', 'a long description here'],
    ]);
  });

  it('reads a booktabs table (three rules, no verticals): columns from text gaps, a row per line', () => {
    const rules = [h(100, 50, 350), h(118, 50, 350), h(180, 50, 350)];
    const rows = [
      ['Model', 'Params', 'Score'],
      ['base', '110M', '81.2'],
      ['large', '340M', '84.6'],
      ['huge', '1.3B', '86.0'],
    ];
    const ys = [112, 132, 148, 164];
    const runs = rows.flatMap((row, r) => row.map((w, c) => run(w, 55 + 110 * c, ys[r]!)));
    const block = latticeTables(runs, rules)[0]!.block;
    assert.deepEqual(block.rows, rows);
  });

  it('does not make a table of two columns of prose between a header rule and a footer rule', () => {
    const rules = [h(60, 50, 550), h(800, 50, 550)];
    const runs: TextRun[] = [];
    for (let k = 0; k < 40; k++) {
      runs.push(run('the quick brown fox jumps over the lazy', 50, 80 + 12 * k));
      runs.push(run('dog while another sentence goes on here', 320, 80 + 12 * k));
    }
    assert.deepEqual(latticeTables(runs, rules), []);
  });

  it('does not make a table of a framed paragraph or a drawing of mostly empty boxes', () => {
    const frame = grid([50, 400], [100, 200]);
    assert.deepEqual(latticeTables([run('Some boxed note text', 60, 120)], frame), []);
    const drawing = grid([50, 60, 70, 80, 90, 100], [100, 110, 120, 130, 140]);
    assert.deepEqual(latticeTables([run('a', 52, 108), run('b', 92, 138)], drawing), []);
  });

  it('takes the table runs out of the flow and puts the table before the first line below it', () => {
    const xs = [50, 150, 250];
    const ys = [100, 120, 140];
    const cellRuns = [run('A', 55, 114), run('B', 155, 114), run('1', 55, 134), run('2', 155, 134)];
    const before = run('Above the table', 50, 90);
    const after = run('Below the table', 50, 160);
    const { tables, rest } = pageTables([before, ...cellRuns, after], grid(xs, ys), {
      width: 595,
      height: 842,
    });
    assert.deepEqual(rest, [before, after]);
    const flow = withTables(
      [
        { text: 'Above the table', x0: 50, x1: 125, top: 82, bottom: 92, y: 90, size: 10, segments: [] },
        { text: 'Below the table', x0: 50, x1: 125, top: 152, bottom: 162, y: 160, size: 10, segments: [] },
      ],
      tables,
    );
    assert.deepEqual(
      flow.map((l) => l.text),
      ['Above the table', 'A\tB\n1\t2', 'Below the table'],
    );
  });

  it('gives a sentence in a last full-width row of the frame back to the text flow', () => {
    const rules: Ruling[] = [
      ...[100, 120, 140, 160, 190].map((y) => h(y, 50, 350)),
      v(50, 100, 190),
      v(350, 100, 190),
      v(200, 100, 160), // the last row has no column rule: one cell across
    ];
    const runs = [
      run('Key', 55, 114),
      run('Value', 205, 114),
      run('a', 55, 134),
      run('1', 205, 134),
      run('b', 55, 154),
      run('2', 205, 154),
      run('Note: the values above are rounded to whole units.', 55, 178),
    ];
    const [table] = latticeTables(runs, rules);
    assert.deepEqual(table!.block.rows, [
      ['Key', 'Value'],
      ['a', '1'],
      ['b', '2'],
    ]);
    assert.equal(table!.runs.has(runs[6]!), false);
    assert.equal(table!.block.bbox![3], 160);
  });
});
