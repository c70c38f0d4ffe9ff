import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { defaultParseOptions } from '../../core/parse-options.ts';
import { closeThreadPools } from '../parse-document.ts';
import { renderPdfPage } from '../pdf/render-page.ts';
import { readDocument } from '../read-document.ts';
import { makePaperPdf } from '../testing/fixtures.ts';
import type { Block, ParsedPage } from '../types.ts';
import { closeOcrPool } from './ocr-pool.ts';
import { pageImage, scannedPdf, tableFrame, tablePage, tableRows } from './testing/table-scan.ts';

const pdf = { kind: 'pdf', mimeType: 'application/pdf' } as const;
const png = { kind: 'png', mimeType: 'image/png' } as const;
const parse = async (bytes: Uint8Array, type: typeof pdf | typeof png): Promise<ParsedPage> => {
  const { document } = await readDocument(
    bytes,
    type,
    { signal: new AbortController().signal },
    { ...defaultParseOptions, ocr: 'auto' },
  );
  return document.pages[0]!;
};
const tablesOf = (page: ParsedPage) => page.blocks.filter((b) => b.type === 'table');
const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

/** The generated table read back: 4 rows × 3 columns, a header row, cells where they were drawn. */
function assertTable(table: Block, units: number) {
  assert.deepEqual(
    table.rows?.map((r) => r.length),
    [3, 3, 3, 3],
  );
  assert.equal(table.headerRows, 1);
  const cell = (row: number, col: number) => table.cells!.find((c) => c.row === row && c.col === col)!;
  for (const [row, col] of [
    [0, 0],
    [0, 2],
    [1, 1],
    [2, 0],
    [3, 2],
  ] as const)
    assert.equal(cell(row, col).text, tableRows[row]![col]);
  // Cell boxes in the page's units: the second column starts one column width in.
  const { left, colWidth } = tableFrame;
  const [x0] = cell(1, 1).bbox!;
  assert.ok(x0 > (left + 0.5 * colWidth) * units && x0 < (left + 1.2 * colWidth) * units, `cell x0 ${x0}`);
}

describe('tables on OCR pages', { timeout: 240_000 }, () => {
  after(async () => {
    await closeThreadPools();
    await closeOcrPool();
  });

  for (const ruled of [true, false]) {
    it(`reads a ${ruled ? 'ruled (lattice)' : 'borderless (stream)'} table on a scanned PDF page`, async () => {
      const page = await parse(await scannedPdf(tablePage(ruled)), pdf);
      assert.equal(page.source, 'ocr');
      assert.deepEqual(
        page.blocks.map((b) => b.type),
        ['paragraph', 'table', 'paragraph'],
        'the table between its paragraphs, its words out of them',
      );
      const table = tablesOf(page)[0]!;
      assertTable(table, 1);
      const [x0, y0, x1, y1] = table.bbox!;
      const { left, top, colWidth, rowHeight } = tableFrame;
      if (ruled) {
        // The grid's outer rules, in points.
        assert.ok(near(x0, left, 2) && near(y0, top, 2), `${table.bbox}`);
        assert.ok(near(x1, left + 3 * colWidth, 2) && near(y1, top + 4 * rowHeight, 2), `${table.bbox}`);
      } else {
        // Inside the frame the table was set in, give or take a point: PaddleOCR's word boxes are
        // its detector's regions, which reach a little past the letters (the last row's: 0.5 pt).
        const slack = 1;
        assert.ok(
          x0 > left - slack &&
            x1 < left + 3 * colWidth + slack &&
            y0 > top - slack &&
            y1 < top + 4 * rowHeight + slack,
          `${table.bbox}`,
        );
      }
      assert.match(
        page.markdown,
        /\| Country \| Capital \| Population \|\n\| --- \| --- \| --- \|\n\| France \|/,
      );
      assert.ok(!page.blocks[0]!.text.includes('Country') && !page.blocks[2]!.text.includes('Berlin'));
      assert.match(page.text, /Germany\tBerlin\t84\.4 million/);
    });
  }

  it('finds the ruled table of a photo turned a quarter, in the upright page’s pixels', async () => {
    // A 150 dpi image file turned 90° clockwise: the rulings must be turned back with the text.
    const image = await sharp(await pageImage(tablePage(true), 1275))
      .rotate(90)
      .png()
      .toBuffer();
    const page = await parse(image, png);
    assert.equal(page.ocr?.rotation, 270);
    assert.deepEqual([page.width, page.height], [1275, 1650]);
    const [table] = tablesOf(page);
    assert.ok(table, page.markdown);
    const units = 1275 / 612;
    assertTable(table, units);
    // The grid's box, not the text's: the lattice detector had the rulings.
    const { left, top } = tableFrame;
    assert.ok(near(table.bbox![0], left * units, 4) && near(table.bbox![1], top * units, 4), `${table.bbox}`);
  });

  it('makes no table of a scanned page of paragraphs in three columns', async () => {
    const { pdf: paper } = makePaperPdf(1, 'Convective overshooting in open clusters', { columns: 3 });
    const image = await renderPdfPage(paper, 1, Math.round(595 * 2.5));
    const page = await parse(image, png);
    assert.ok(page.text.length > 1000, page.text);
    assert.deepEqual(tablesOf(page), []);
  });
});
