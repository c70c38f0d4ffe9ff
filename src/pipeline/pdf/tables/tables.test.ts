/**
 * Tables through the real parse: generated PDFs with ruled tables (stroked rules and filled bars),
 * and the docling ground-truth page whose table has rules between some columns only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { detectFileType } from '../../detect.ts';
import { closeThreadPools, parseDocument } from '../../parse-document.ts';
import { corpus, makePdf, needsCorpus } from '../../testing/fixtures.ts';
import type { Block } from '../../types.ts';

after(() => closeThreadPools());

async function parse(bytes: Uint8Array) {
  const type = await detectFileType(bytes.subarray(0, 4100), 'doc.pdf', null);
  return parseDocument(bytes, type, { signal: new AbortController().signal });
}

const tablesOf = (doc: { pages: { blocks: Block[] }[] }) =>
  doc.pages.flatMap((p) => p.blocks.filter((b) => b.type === 'table'));

/** A 3-column table at x 72..432, rows 20 pt high from y 200; its header's 2nd and 3rd cells merged. */
function ruledTable(style: 'rules' | 'bars') {
  const ys = [200, 220, 240, 260];
  const lines: [number, number, number, string][] = [
    [10, 72, 120, 'Quarterly figures are in the table below.'],
    [10, 77, 214, 'Region'],
    [10, 250, 214, 'Sales'],
    [10, 77, 234, 'North'],
    [10, 197, 234, '1,200'],
    [10, 317, 234, '1,350'],
    [10, 77, 254, 'South'],
    [10, 197, 254, '980'],
    [10, 317, 254, '1,010'],
    [10, 72, 300, 'Text after the table goes on here.'],
  ];
  const segs: [number, number, number, number][] = [
    ...ys.map((y): [number, number, number, number] => [72, y, 432, y]),
    [72, 200, 72, 260],
    [192, 200, 192, 260],
    [312, 220, 312, 260], // no rule between the two "Sales" columns in the header row
    [432, 200, 432, 260],
  ];
  if (style === 'rules') return makePdf([{ lines, rules: segs }]);
  const bars = segs.map(([x0, y0, x1, y1]): [number, number, number, number] =>
    y0 === y1 ? [x0, y0 - 0.25, x1 - x0, 0.5] : [x0 - 0.25, y0, 0.5, y1 - y0],
  );
  return makePdf([{ lines, bars }]);
}

describe('tables through the parse', () => {
  for (const style of ['rules', 'bars'] as const) {
    it(`finds a ruled table drawn with ${style}, a merged header as HTML colspan, text around it in order`, async () => {
      const doc = await parse(ruledTable(style));
      const [table, ...more] = tablesOf(doc);
      assert.equal(more.length, 0);
      assert.deepEqual(table!.rows, [
        ['Region', 'Sales', ''],
        ['North', '1,200', '1,350'],
        ['South', '980', '1,010'],
      ]);
      assert.deepEqual(
        table!.cells!.find((c) => c.text === 'Sales'),
        { row: 0, col: 1, rowSpan: 1, colSpan: 2, text: 'Sales', bbox: [192, 200, 432, 220] },
      );
      const md = doc.pages[0]!.markdown;
      assert.match(md, /<tr><th>Region<\/th><th colspan="2">Sales<\/th><\/tr>/);
      assert.ok(md.indexOf('Quarterly figures') < md.indexOf('<table>'));
      assert.ok(md.indexOf('</table>') < md.indexOf('Text after the table'));
      assert.doesNotMatch(doc.pages[0]!.text, /North\s+1,200[\s\S]*North/); // the cells' text once
    });
  }

  it('ends a zebra-striped table at the long blank under its rows, not at the footer box below', async () => {
    // An invoice's item rows, every other one in a page-wide stroked box, then the totals far
    // below and a page-wide footer box: the boxes' rules stack into one group down to the footer.
    const box = (y0: number, y1: number): [number, number, number, number][] => [
      [0, y0, 612, y0],
      [0, y1, 612, y1],
      [0, y0, 0, y1],
      [612, y0, 612, y1],
    ];
    const items = ['Tablet 64 GB', 'Leather cover', 'Game console', 'Power adapter'];
    const lines: [number, number, number, string][] = [
      ...items.flatMap((name, k): [number, number, number, string][] => [
        [8, 72, 211 + 15 * k, name],
        [8, 300, 211 + 15 * k, '1'],
        [8, 450, 211 + 15 * k, `${20 + k},00`],
      ]),
      [8, 380, 480, 'Subtotal'],
      [8, 450, 480, '86,00'],
      [8, 380, 495, 'Total'],
      [8, 450, 495, '104,06'],
      [12, 72, 740, 'Thank you.'],
    ];
    const rules = [...box(200, 215), ...box(230, 245), ...box(700, 780)];
    const doc = await parse(makePdf([{ lines, rules }]));
    const [table, ...more] = tablesOf(doc);
    assert.equal(more.length, 0);
    assert.deepEqual(table!.rows, [
      ['Tablet 64 GB', '1', '20,00'],
      ['Leather cover', '1', '21,00'],
      ['Game console', '1', '22,00'],
      ['Power adapter', '1', '23,00'],
    ]);
    assert.ok(table!.bbox![3] < 300, 'the table stops under its last row');
    const md = doc.pages[0]!.markdown;
    assert.ok(md.indexOf('Power adapter') < md.indexOf('Subtotal'), 'the totals follow the table as text');
  });

  it('splits a ruled band holding several records, each with its own quantity, into rows', async () => {
    // Rows in stroked boxes; the second box holds a bundle: its price line, a part and a levy, each
    // with a quantity of its own. The serial number under the last item has no number of its own
    // (letters in it): it continues its row.
    const rows: [number, number, number, number][] = [200, 215, 260, 275].map((y, k, all) => [
      0,
      y,
      612,
      all[k + 1] ?? 305,
    ]);
    const rules = rows.flatMap(([x0, y0, x1, y1]): [number, number, number, number][] => [
      [x0, y0, x1, y0],
      [x0, y1, x1, y1],
      [x0, y0, x0, y1],
      [x1, y0, x1, y1],
    ]);
    const row = (
      y: number,
      name: string,
      qty: string,
      amount?: string,
    ): [number, number, number, string][] => [
      [8, 72, y, name],
      [8, 300, y, qty],
      ...(amount ? [[8, 450, y, amount] as [number, number, number, string]] : []),
    ];
    const lines = [
      ...row(211, 'Sleeve', '2', '199,98'),
      ...row(226, 'Laptop bundle', '1', '2.321,00'),
      ...row(238, 'Laptop 15 inch', '1'),
      ...row(250, 'Copy levy', '1', '4,24'),
      ...row(271, 'Office suite', '1', '124,99'),
      ...row(286, 'Docking station', '1', '159,99'),
      [7, 80, 298, 'Serial AB-12'] as [number, number, number, string],
    ];
    const [table] = tablesOf(await parse(makePdf([{ lines, rules }])));
    assert.deepEqual(table!.rows, [
      ['Sleeve', '2', '199,98'],
      ['Laptop bundle', '1', '2.321,00'],
      ['Laptop 15 inch', '1', ''],
      ['Copy levy', '1', '4,24'],
      ['Office suite', '1', '124,99'],
      ['Docking station Serial AB-12', '1', '159,99'],
    ]);
  });

  it('reads the docling page 2305.03393v1-pg9 table as its 8 columns', { skip: needsCorpus }, async () => {
    const file = join(corpus, 'docling_pdf_groundtruth/pdf/2305.03393v1-pg9.pdf');
    const [table] = tablesOf(await parse(new Uint8Array(readFileSync(file))));
    assert.equal(table!.rows![0]!.length, 8);
    assert.equal(table!.rows!.length, 6);
    assert.equal(table!.headerRows, 2);
    assert.deepEqual(table!.rows![2], [
      '6',
      '6',
      'OTSL HTML',
      '0.965 0.969',
      '0.934 0.927',
      '0.955 0.955',
      '0.88 0.857',
      '2.73 5.39',
    ]);
    const teds = table!.cells!.find((c) => c.text === 'TEDs')!;
    assert.deepEqual([teds.row, teds.col, teds.rowSpan, teds.colSpan], [0, 3, 1, 3]);
  });
});
