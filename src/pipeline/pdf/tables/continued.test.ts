import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block, TableCell } from '../../types.ts';
import { tableBlock } from './cells.ts';
import { markContinued, mergeContinued } from './continued.ts';

/** A table block of plain 1×1 cells, `headerRows` of them header rows. */
const table = (rows: string[][], headerRows = 0): Block =>
  tableBlock(
    rows.flatMap((cols, row) =>
      cols.map(
        (text, col): TableCell => ({
          row,
          col,
          rowSpan: 1,
          colSpan: 1,
          text,
          bbox: [col, row, col + 1, row + 1],
        }),
      ),
    ),
    headerRows,
    [0, 0, 100, 100],
  );
const para = (text: string): Block => ({ type: 'paragraph', text, bbox: null });
const head = (text: string): Block => ({ type: 'header', text, bbox: null });
const pages = (...blocks: Block[][]) => blocks.map((b, k) => ({ page: k + 1, blocks: b }));

describe('markContinued', () => {
  it('marks a table opening a page that goes on from the table ending the page before', () => {
    const marked = markContinued(
      pages(
        [
          para('intro'),
          table([
            ['a', 'b'],
            ['1', '2'],
          ]),
        ],
        [table([['3', '4']]), para('after')],
        [para('text'), table([['x', 'y']])],
        [table([['p', 'q', 'r']])],
      ),
    );
    assert.equal(marked[1]!.blocks[0]!.continued, true);
    assert.equal(marked[3]!.blocks[0]!.continued, undefined); // other column count: a new table
    assert.equal(marked[0]!.blocks[1]!.continued, undefined);
  });

  it('looks past running heads, but not past text, and not across a page left out', () => {
    const marked = markContinued(
      pages(
        [table([['a', 'b']]), head('Annual report')],
        [head('Annual report'), table([['c', 'd']])],
        [para('Table 2'), table([['e', 'f']])],
      ),
    );
    assert.equal(marked[1]!.blocks[1]!.continued, true);
    assert.equal(marked[2]!.blocks[1]!.continued, undefined);
    const gap = markContinued([
      { page: 1, blocks: [table([['a', 'b']])] },
      { page: 3, blocks: [table([['c', 'd']])] },
    ]);
    assert.equal(gap[1]!.blocks[0]!.continued, undefined);
  });
});

describe('mergeContinued', () => {
  it('appends the rows to the table they continue, drops a repeated header, and takes the block off its page', () => {
    const marked = markContinued(
      pages(
        [
          para('intro'),
          table(
            [
              ['Name', 'Qty'],
              ['bolts', '4'],
            ],
            1,
          ),
        ],
        [
          head('Report'),
          table(
            [
              ['Name', 'Qty'],
              ['nuts', '7'],
            ],
            1,
          ),
          para('after'),
        ],
        [
          table(
            [
              ['Name', 'Qty'],
              ['pins', '9'],
            ],
            1,
          ),
        ],
      ),
    );
    const { pages: merged, changed } = mergeContinued(marked);
    const [start] = merged[0]!.blocks.filter((b) => b.type === 'table');
    assert.deepEqual(start!.rows, [
      ['Name', 'Qty'],
      ['bolts', '4'],
      ['nuts', '7'],
    ]);
    assert.deepEqual(start!.continuedOn, [2]);
    assert.equal(start!.cells!.find((c) => c.text === 'nuts')!.page, 2);
    assert.deepEqual(
      merged[1]!.blocks.map((b) => b.type),
      ['header', 'paragraph'],
    );
    // Page 3's table follows text on page 2: a table of its own.
    assert.equal(merged[2]!.blocks[0]!.type, 'table');
    assert.deepEqual([...changed].sort(), [1, 2]);
  });

  it('follows a table over several pages, and keeps a first row that is not a repeated header', () => {
    const marked = markContinued(
      pages(
        [
          table([
            ['a', '1'],
            ['b', '2'],
          ]),
        ],
        [table([['c', '3']])],
        [
          table([
            ['d', '4'],
            ['e', '5'],
          ]),
        ],
      ),
    );
    const { pages: merged } = mergeContinued(marked);
    assert.deepEqual(merged[0]!.blocks[0]!.rows, [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['e', '5'],
    ]);
    assert.deepEqual(merged[0]!.blocks[0]!.continuedOn, [2, 3]);
    assert.equal(merged[1]!.blocks.length, 0);
    assert.equal(merged[2]!.blocks.length, 0);
  });
});
