import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParsedPage, TableCell } from '../types.ts';
import { extractBuiltIn } from './built-in-engine.ts';
import { documentOf, ocrPage } from './testing/synthetic.ts';
import type { JsonSchema } from './types.ts';

const itemSchema: JsonSchema = {
  type: 'object',
  properties: {
    total: { type: 'number', description: 'Total amount, tax included' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          quantity: { type: 'number' },
          unit_price: { type: 'number' },
          amount: { type: 'number', description: 'Line total' },
        },
      },
    },
  },
};
const extract = (pages: ParsedPage[]) =>
  extractBuiltIn(documentOf(pages, 'pdf'), { schema: itemSchema, prompt: null });

describe('line items under a header', () => {
  // A German invoice: the first column numbers the rows, the second is the quantity.
  const out = extract([
    ocrPage([
      [60, 100, 'Pos.'],
      [140, 100, 'Menge'],
      [260, 100, 'Beschreibung'],
      [600, 100, 'Einzelpreis'],
      [800, 100, 'Gesamtpreis'],
      [60, 140, '1'],
      [150, 140, '2'],
      [260, 140, 'Kabel'],
      [600, 140, '5,00'],
      [800, 140, '10,00'],
      [60, 180, '2'],
      [150, 180, '1'],
      [260, 180, 'Stecker'],
      [600, 180, '3,50'],
      [800, 180, '3,50'],
      [60, 220, '3'],
      [150, 220, '4'],
      [260, 220, 'Schalter'],
      [600, 220, '2,00'],
      [800, 220, '8,00'],
      [600, 280, 'Summe'],
      [800, 280, '21,50'],
    ]),
  ]);

  it('never reads a position column as the quantity', () => {
    const lines = out.data.lines as Record<string, unknown>[];
    assert.deepEqual(
      lines.map((l) => [l.description, l.quantity, l.unit_price, l.amount]),
      [
        ['Kabel', 2, 5, 10],
        ['Stecker', 1, 3.5, 3.5],
        ['Schalter', 4, 2, 8],
      ],
    );
  });

  it('is surer of a row whose quantity × unit price is its amount, and gives each value its box', () => {
    assert.ok(out.confidence['lines[0].quantity']! >= 0.8, `${out.confidence['lines[0].quantity']}`);
    assert.deepEqual(out.evidence['lines[0].quantity']?.bbox, [150, 140, 162, 164]);
    assert.equal(out.evidence['lines[2].amount']?.page, 1);
  });
});

describe('line items whose numbers disagree', () => {
  it('lowers the quantity when price and amount agree on one unit and the quantity says otherwise', () => {
    const out = extract([
      ocrPage([
        [60, 100, 'Description'],
        [400, 100, 'Qty'],
        [600, 100, 'Price'],
        [800, 100, 'Amount'],
        [60, 140, 'Widget'],
        [400, 140, '7'],
        [600, 140, '5.39'],
        [800, 140, '5.39'],
      ]),
    ]);
    const agreeing = extract([
      ocrPage([
        [60, 100, 'Description'],
        [400, 100, 'Qty'],
        [600, 100, 'Price'],
        [800, 100, 'Amount'],
        [60, 140, 'Widget'],
        [400, 140, '1'],
        [600, 140, '5.39'],
        [800, 140, '5.39'],
      ]),
    ]);
    assert.ok(out.confidence['lines[0].quantity']! < 0.5 * agreeing.confidence['lines[0].quantity']!);
  });
});

describe('line items without a header row', () => {
  const rows: [number, number, string][] = [
    [60, 100, 'Detail'],
    [60, 140, 'Data Transfer'],
    [800, 140, '$0.01'],
    [60, 180, 'Charges'],
    [800, 180, '$0.01'],
    [60, 220, 'VAT'],
    [800, 220, '$0.00'],
    [60, 260, 'Compute'],
    [800, 260, '$1.87'],
    [60, 300, 'Charges'],
    [800, 300, '$1.87'],
    [60, 340, 'VAT'],
    [800, 340, '$0.00'],
    [60, 420, 'Total for this invoice'],
    [800, 420, '$1.88'],
  ];

  it('reads label and amount lines that add up to a printed total, subtotals and tax left out', () => {
    const out = extract([ocrPage(rows)]);
    const lines = out.data.lines as Record<string, unknown>[];
    assert.deepEqual(
      lines.map((l) => [l.description, l.amount]),
      [
        ['Data Transfer', 0.01],
        ['Compute', 1.87],
      ],
    );
    assert.ok(out.evidence['lines[1].description']?.bbox);
  });

  it('gives no items when they do not add up to a total', () => {
    const out = extract([ocrPage(rows.map(([x, y, t]) => [x, y, t === '$1.88' ? '$9.99' : t]))]);
    assert.equal(out.data.lines, null);
  });
});

describe('a ruled table that only the blocks hold', () => {
  // pdf/assemble.ts keeps a ruled table's words out of the page's lines: only its cells have them.
  const cell = (row: number, col: number, text: string, x0: number, x1: number): TableCell => ({
    row,
    col,
    rowSpan: 1,
    colSpan: 1,
    text,
    bbox: [x0, 100 + row * 20, x1, 118 + row * 20],
  });
  const cells = [
    cell(0, 0, 'Invoice Number:', 300, 480),
    cell(0, 1, '42183017', 480, 576),
    cell(1, 0, 'Total amount due', 300, 480),
    cell(1, 1, '$4.11', 480, 576),
  ];
  const page: ParsedPage = {
    page: 1,
    width: 612,
    height: 792,
    text: '',
    markdown: '',
    textLayer: true,
    source: 'textLayer',
    lines: [{ text: 'ACME Cloud Invoice', bbox: [40, 40, 200, 56], confidence: 1, words: [] }],
    blocks: [
      {
        type: 'table',
        text: '',
        bbox: [300, 100, 576, 138],
        rows: [
          ['Invoice Number:', '42183017'],
          ['Total amount due', '$4.11'],
        ],
        cells,
        headerRows: 1,
      },
    ],
  };
  page.lines![0]!.words = [
    { text: 'ACME', bbox: [40, 40, 80, 56], confidence: 1 },
    { text: 'Cloud', bbox: [84, 40, 130, 56], confidence: 1 },
    { text: 'Invoice', bbox: [134, 40, 200, 56], confidence: 1 },
  ];

  it('reads fields from its cells, with the cell as evidence', () => {
    const out = extractBuiltIn(documentOf([page], 'pdf'), {
      schema: {
        type: 'object',
        properties: {
          invoice_number: { type: 'string' },
          total: { type: 'number', description: 'Total amount' },
        },
      },
      prompt: null,
    });
    assert.equal(out.data.invoice_number, '42183017');
    assert.equal(out.data.total, 4.11);
    const box = out.evidence.total?.bbox;
    assert.ok(box && box[0] >= 480 && box[2] <= 576 && box[1] >= 120, JSON.stringify(box));
  });
});

describe('a table read as two columns', () => {
  it('puts each row back together by its height on the page', () => {
    const page = ocrPage([
      [60, 100, 'Description'],
      [300, 100, 'Qty'],
      [500, 102, 'Unit price'],
      [800, 102, 'Amount'],
      [60, 140, 'Widget'],
      [300, 140, '2'],
      [500, 142, '5.00'],
      [800, 142, '10.00'],
      [60, 180, 'Gadget'],
      [300, 180, '1'],
      [500, 182, '3.00'],
      [800, 182, '3.00'],
    ]);
    // Reading order as a layout pass may give it: the left half of the page, then the right.
    const lines = page.lines!;
    page.lines = [...lines.filter((l) => l.bbox[0] < 400), ...lines.filter((l) => l.bbox[0] >= 400)];
    const out = extract([page]);
    const items = out.data.lines as Record<string, unknown>[];
    assert.deepEqual(
      items.map((l) => [l.description, l.quantity, l.unit_price, l.amount]),
      [
        ['Widget', 2, 5, 10],
        ['Gadget', 1, 3, 3],
      ],
    );
  });
});

describe('numbers inside a description cell', () => {
  // Long names run far under the quantity's header; their numbers belong to the name. The
  // quantity is the number alone in its own cell, under "Aantal".
  const out = extract([
    ocrPage([
      [60, 100, 'Artikel'],
      [640, 100, 'Aantal'],
      [740, 100, 'Prijs'],
      [860, 100, 'Bedrag'],
      [60, 140, 'Decoded Leather Slim Cover Apple iPad Air 2 Zwart'],
      [650, 140, '1'],
      [740, 140, '69,99'],
      [860, 140, '69,99'],
      [60, 180, 'Microsoft Office Home and Student 2011 NL'],
      [650, 180, '2'],
      [740, 180, '124,99'],
      [860, 180, '249,98'],
      [60, 220, 'Nintendo 3DS Game Mario Kart 7'],
      [740, 220, '44,99'],
      [860, 220, '44,99'],
      [740, 280, 'Totaal'],
      [860, 280, '364,96'],
    ]),
  ]);

  it('never reads a number the text goes on around as the quantity', () => {
    const lines = out.data.lines as Record<string, unknown>[];
    assert.deepEqual(
      lines.map((l) => [l.description, l.quantity, l.amount]),
      [
        ['Decoded Leather Slim Cover Apple iPad Air 2 Zwart', 1, 69.99],
        ['Microsoft Office Home and Student 2011 NL', 2, 249.98],
        ['Nintendo 3DS Game Mario Kart 7', null, 44.99],
      ],
    );
  });
});
