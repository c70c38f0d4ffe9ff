import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tablesCsv } from './tables-csv.ts';
import type { ParsedPage } from './types.ts';

const page = (n: number, blocks: ParsedPage['blocks']): ParsedPage => ({
  page: n,
  width: 595,
  height: 842,
  text: '',
  markdown: '',
  textLayer: true,
  source: 'textLayer',
  blocks,
});

describe('tablesCsv', () => {
  it('gives one RFC 4180 section per table, merged cells in their first slot', () => {
    const csv = tablesCsv({
      pages: [
        page(1, [
          { type: 'paragraph', text: 'intro', bbox: null },
          {
            type: 'table',
            text: '',
            bbox: null,
            headerRows: 1,
            cells: [
              { row: 0, col: 0, rowSpan: 1, colSpan: 2, text: 'Price, EUR', bbox: null },
              { row: 1, col: 0, rowSpan: 1, colSpan: 1, text: '1.20', bbox: null },
              { row: 1, col: 1, rowSpan: 1, colSpan: 1, text: 'say "hi"', bbox: null },
            ],
          },
        ]),
        page(2, [{ type: 'table', text: '', bbox: null, rows: [['a', 'b']] }]),
      ],
    });
    assert.equal(csv, '"Price, EUR",\r\n1.20,"say ""hi"""\r\n\r\na,b\r\n');
  });

  it('is empty for a document without tables', () => {
    assert.equal(tablesCsv({ pages: [page(1, [{ type: 'paragraph', text: 'x', bbox: null }])] }), '');
  });
});
