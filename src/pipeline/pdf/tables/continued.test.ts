import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block } from '../../types.ts';
import { markContinued } from './continued.ts';

const table = (rows: string[][]): Block => ({ type: 'table', text: '', bbox: null, rows });
const para = (text: string): Block => ({ type: 'paragraph', text, bbox: null });

describe('markContinued', () => {
  it('marks a table opening a page that goes on from the table ending the page before', () => {
    const pages = [
      {
        blocks: [
          para('intro'),
          table([
            ['a', 'b'],
            ['1', '2'],
          ]),
        ],
      },
      { blocks: [table([['3', '4']]), para('after')] },
      { blocks: [para('text'), table([['x', 'y']])] },
      { blocks: [table([['p', 'q', 'r']])] },
    ];
    markContinued(pages);
    assert.equal(pages[1]!.blocks[0]!.continued, true);
    assert.equal(pages[3]!.blocks[0]!.continued, undefined); // other column count: a new table
    assert.equal(pages[0]!.blocks[1]!.continued, undefined);
  });

  it('does not mark a table that follows text on its page', () => {
    const pages = [{ blocks: [table([['a', 'b']])] }, { blocks: [para('Table 2'), table([['c', 'd']])] }];
    markContinued(pages);
    assert.equal(pages[1]!.blocks[1]!.continued, undefined);
  });
});
