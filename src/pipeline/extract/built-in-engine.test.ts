import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { defaultParseOptions } from '../../core/parse-options.ts';
import { closeThreadPools } from '../parse-document.ts';
import { readDocument } from '../read-document.ts';
import { makePdf } from '../testing/fixtures.ts';
import type { ParsedDocument } from '../types.ts';
import { extractBuiltIn } from './built-in-engine.ts';
import { nullableSchema } from './fit-schema.ts';
import { validatorFor } from './schema-check.ts';
import { documentOf, ocrPage, textDocument } from './testing/synthetic.ts';
import type { JsonSchema } from './types.ts';

const extract = (document: ParsedDocument, schema: JsonSchema) =>
  extractBuiltIn(document, { schema, prompt: null });
/** Data must validate with null standing for "not found". */
const assertValid = (schema: JsonSchema, data: unknown) => {
  const { valid, errors } = validatorFor(nullableSchema(schema) as JsonSchema)(data);
  assert.ok(valid, JSON.stringify(errors));
};

// A till receipt as OCR reads it: name and address on top, items, totals, payment.
const receipt = documentOf([
  ocrPage([
    [300, 40, 'SUNRISE BAKERY SDN BHD'],
    [400, 80, '(123456-A)'],
    [320, 120, '12, Jalan Mawar 3,'],
    [300, 160, '47500 Subang Jaya, Selangor'],
    [340, 200, 'Tel: 03-5555 1234'],
    [380, 260, 'TAX INVOICE'],
    [100, 300, 'Date: 14/05/2018'],
    [500, 300, '18:10'],
    [100, 360, 'Item'],
    [500, 360, 'Qty'],
    [700, 360, 'Amount'],
    [100, 400, 'Croissant'],
    [500, 400, '2'],
    [700, 400, '7.00'],
    [100, 440, 'Coffee'],
    [500, 440, '1'],
    [700, 440, '4.50'],
    [100, 500, 'Sub Total'],
    [700, 500, '11.50'],
    [100, 540, 'GST 6%'],
    [700, 540, '0.69'],
    [100, 580, 'TOTAL'],
    [640, 580, 'RM 12.19'],
    [100, 620, 'CASH'],
    [640, 620, 'RM 20.00'],
    [100, 660, 'CHANGE'],
    [640, 660, 'RM 7.81'],
    [360, 740, 'Thank you, come again'],
  ]),
]);

const receiptSchema: JsonSchema = {
  type: 'object',
  properties: {
    company: { type: 'string', description: 'Name of the shop that issued the receipt' },
    address: { type: 'string', description: 'Address of the shop' },
    date: { type: 'string', description: 'Date of the receipt' },
    day: { type: 'string', format: 'date', description: 'Date of the receipt' },
    total: { type: 'string', description: 'Total amount paid' },
    totalAmount: { type: 'number', description: 'Total amount paid, tax included' },
    currency: { type: 'string', description: 'ISO 4217 currency code' },
    invoice_number: { type: 'string' },
    email: { type: 'string', format: 'email' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          quantity: { type: 'integer' },
          amount: { type: 'number' },
        },
      },
    },
  },
};

describe('built-in extraction on a receipt read by OCR', () => {
  const out = extract(receipt, receiptSchema);

  it('finds the shop at the top and its address under the name, past the registration number', () => {
    assert.equal(out.data.company, 'SUNRISE BAKERY SDN BHD');
    assert.equal(out.data.address, '12, Jalan Mawar 3, 47500 Subang Jaya, Selangor');
    assert.ok(out.confidence.company! > 0.5 && out.confidence.company! < 0.9, `${out.confidence.company}`);
  });

  it('keeps a plain string date as printed and gives ISO to a format: date field', () => {
    assert.equal(out.data.date, '14/05/2018');
    assert.equal(out.data.day, '2018-05-14');
    assert.ok(out.confidence.date! >= 0.8, 'a labelled, unambiguous date is sure');
  });

  it('reads the total from the TOTAL line, not the cash handed over, with the currency apart', () => {
    assert.equal(out.data.total, '12.19');
    assert.equal(out.data.totalAmount, 12.19);
    assert.equal(out.data.currency, 'MYR');
    assert.ok(out.confidence.totalAmount! > 0.75);
    const evidence = out.evidence.totalAmount!;
    assert.equal(evidence.page, 1);
    assert.equal(evidence.text, 'TOTAL RM 12.19');
    assert.ok(evidence.bbox && evidence.bbox[1] === 580 && evidence.bbox[0] >= 640, `${evidence.bbox}`);
  });

  it('reads the items from the columns under the header', () => {
    assert.deepEqual(out.data.items, [
      { description: 'Croissant', quantity: 2, amount: 7 },
      { description: 'Coffee', quantity: 1, amount: 4.5 },
    ]);
    assert.ok(out.confidence['items[1].amount']! > 0.5);
    assert.equal(out.evidence['items[0].description']?.text, 'Croissant 2 7.00');
  });

  it('gives null and confidence 0 for what the receipt does not show', () => {
    assert.equal(out.data.invoice_number, null);
    assert.equal(out.confidence.invoice_number, 0);
    assert.equal(out.evidence.invoice_number, undefined);
    assert.equal(out.data.email, null);
    assert.equal(out.confidence.email, 0);
  });

  it('returns data that validates against the schema', () => assertValid(receiptSchema, out.data));

  it('is less sure of a receipt OCR read poorly', () => {
    const poor = documentOf([
      ocrPage(
        [
          [100, 580, 'TOTAL'],
          [640, 580, 'RM 12.19'],
        ],
        { confidence: 0.4 },
      ),
    ]);
    const sure = extract(receipt, receiptSchema).confidence.totalAmount!;
    assert.ok(extract(poor, receiptSchema).confidence.totalAmount! < sure);
  });
});

// An invoice with a text layer: runs placed by x like a PDF generator lays out labels and cells.
const invoicePdf = makePdf([
  {
    lines: [
      [16, 72, 60, 'ACME Widgets GmbH'],
      [20, 420, 60, 'INVOICE'],
      [10, 72, 80, 'Hauptstrasse 5, 10115 Berlin'],
      [10, 72, 130, 'Bill to:'],
      [10, 72, 144, 'Globex Corporation'],
      [10, 72, 158, '42 Main Street, Springfield'],
      [10, 340, 130, 'Invoice number:'],
      [10, 450, 130, 'INV-2024-0042'],
      [10, 340, 144, 'Invoice date:'],
      [10, 450, 144, '03.03.2024'],
      [10, 340, 158, 'Due date:'],
      [10, 450, 158, '02.04.2024'],
      [10, 72, 230, 'Description'],
      [10, 260, 230, 'Quantity'],
      [10, 350, 230, 'Unit price'],
      [10, 470, 230, 'Amount'],
      [10, 72, 248, 'Widget A'],
      [10, 270, 248, '2'],
      [10, 350, 248, '10.00'],
      [10, 470, 248, '20.00'],
      [10, 72, 262, 'Gadget B'],
      [10, 270, 262, '1'],
      [10, 350, 262, '5.50'],
      [10, 470, 262, '5.50'],
      [10, 72, 276, 'Installation service'],
      [10, 270, 276, '3'],
      [10, 350, 276, '100.00'],
      [10, 470, 276, '300.00'],
      [10, 350, 310, 'Subtotal'],
      [10, 470, 310, '325.50'],
      [10, 350, 324, 'VAT 19%'],
      [10, 470, 324, '61.85'],
      [10, 350, 338, 'Total due'],
      [10, 470, 338, 'EUR 387.35'],
      [10, 72, 400, 'IBAN: DE89 3704 0044 0532 0130 00'],
    ],
  },
]);

const invoiceSchema: JsonSchema = {
  type: 'object',
  properties: {
    vendor: {
      type: 'object',
      properties: { name: { type: 'string' }, address: { type: 'string' } },
    },
    customer: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } },
    invoice_number: { type: 'string' },
    invoice_date: { type: 'string', format: 'date' },
    due_date: { type: 'string', format: 'date' },
    subtotal: { type: 'number' },
    tax: { type: 'number', description: 'VAT amount' },
    total: { type: 'number', description: 'Total amount due' },
    currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
    iban: { type: 'string' },
    purchase_order: { type: ['string', 'null'], description: 'PO number' },
    paid: { type: 'boolean', description: 'Whether the invoice is paid' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          quantity: { type: 'number' },
          unit_price: { type: 'number' },
          amount: { type: 'number' },
        },
        required: ['description', 'amount'],
      },
    },
  },
  required: ['invoice_number', 'total'],
};

describe('built-in extraction on an invoice with a text layer', () => {
  after(closeThreadPools);
  const read = readDocument(
    invoicePdf,
    { kind: 'pdf', mimeType: 'application/pdf' },
    { signal: new AbortController().signal },
    { ...defaultParseOptions },
  );

  it('reads labelled fields to the right of their labels, typed and normalised', async () => {
    const out = extract((await read).document, invoiceSchema);
    assert.equal(out.data.invoice_number, 'INV-2024-0042');
    assert.equal(out.data.invoice_date, '2024-03-03');
    assert.equal(out.data.due_date, '2024-04-02');
    assert.equal(out.data.subtotal, 325.5);
    assert.equal(out.data.tax, 61.85);
    assert.equal(out.data.total, 387.35);
    assert.equal(out.data.currency, 'EUR');
    assert.equal(out.data.iban, 'DE89370400440532013000');
    assert.ok(out.confidence.total! >= 0.85, `${out.confidence.total}`);
    assert.ok(out.confidence.invoice_number! >= 0.85);
    assert.equal(out.evidence.total?.page, 1);
    assert.equal(out.evidence.total?.text, 'Total due EUR 387.35');
  });

  it('tells the vendor at the top from the customer under "Bill to"', async () => {
    const out = extract((await read).document, invoiceSchema);
    assert.deepEqual(out.data.vendor, { name: 'ACME Widgets GmbH', address: 'Hauptstrasse 5, 10115 Berlin' });
    assert.deepEqual(out.data.customer, {
      name: 'Globex Corporation',
      address: '42 Main Street, Springfield',
    });
    assert.ok(out.confidence['vendor.name']! > 0.5);
  });

  it('reads the table of line items into an array of objects', async () => {
    const out = extract((await read).document, invoiceSchema);
    assert.deepEqual(out.data.lines, [
      { description: 'Widget A', quantity: 2, unit_price: 10, amount: 20 },
      { description: 'Gadget B', quantity: 1, unit_price: 5.5, amount: 5.5 },
      { description: 'Installation service', quantity: 3, unit_price: 100, amount: 300 },
    ]);
    assert.ok(out.confidence['lines[2].unit_price']! > 0.6);
    assert.ok(out.evidence['lines[0].amount']?.bbox);
  });

  it('leaves what the invoice does not say null, with confidence 0', async () => {
    const out = extract((await read).document, invoiceSchema);
    assert.equal(out.data.purchase_order, null);
    assert.equal(out.confidence.purchase_order, 0);
    assert.equal(out.data.paid, null);
    assert.equal(out.confidence.paid, 0);
    assertValid(invoiceSchema, out.data);
  });
});

describe('built-in extraction without boxes and on odd input', () => {
  it('reads a plain-text document line by line', () => {
    const doc = textDocument(
      'Invoice No: 2024/117\nDate: 2024-01-05\nAmount due: 99.00 USD\nContact: billing@example.org',
    );
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        number: { type: 'string', description: 'Invoice number' },
        date: { type: 'string', format: 'date' },
        total: { type: 'number' },
        currency: { type: 'string' },
        email: { type: 'string', format: 'email' },
      },
    };
    const out = extract(doc, schema);
    assert.deepEqual(out.data, {
      number: '2024/117',
      date: '2024-01-05',
      total: 99,
      currency: 'USD',
      email: 'billing@example.org',
    });
    assert.equal(out.evidence.total?.bbox, null);
  });

  it('chooses enum members and booleans only on evidence', () => {
    const doc = textDocument('Payment status: PAID\nShipping: express');
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['paid', 'unpaid', 'overdue'], description: 'Payment status' },
        shipping: { enum: ['standard', 'express'] },
        gift_wrapped: { type: 'boolean' },
        kind: { const: 'invoice' },
      },
    };
    const out = extract(doc, schema);
    assert.equal(out.data.status, 'paid');
    assert.equal(out.data.shipping, 'express');
    assert.equal(out.data.gift_wrapped, null);
    assert.equal(out.confidence.gift_wrapped, 0);
    assert.equal(out.data.kind, 'invoice');
    assertValid(schema, out.data);
  });

  it('makes a value that breaks the schema null with confidence 0', () => {
    const doc = textDocument('Invoice No: 2024/117\nTotal: 99.00');
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        number: { type: 'string', pattern: '^INV-', description: 'Invoice number' },
        total: { type: 'number', maximum: 50 },
      },
    };
    const out = extract(doc, schema);
    assert.deepEqual(out.data, { number: null, total: null });
    assert.deepEqual(out.confidence, { number: 0, total: 0 });
    assert.deepEqual(out.evidence, {});
  });

  it('never throws: empty documents, nested arrays, references, empty schemas', () => {
    const empty = documentOf([]);
    const blank = documentOf([
      {
        page: 1,
        width: null,
        height: null,
        text: '',
        markdown: '',
        textLayer: false,
        source: 'none',
        blocks: [],
      },
    ]);
    const schemas: JsonSchema[] = [
      { type: 'object' },
      { type: 'object', properties: {} },
      {
        type: 'object',
        properties: { grid: { type: 'array', items: { type: 'array', items: { type: 'string' } } } },
      },
      {
        type: 'object',
        $defs: {
          party: { type: 'object', properties: { name: { type: 'string' }, vat: { type: 'string' } } },
        },
        properties: { seller: { $ref: '#/$defs/party' }, buyer: { $ref: '#/$defs/party' } },
      },
      { type: 'object', properties: { flag: { type: 'boolean' }, status: { enum: ['a', 'b', null] } } },
      receiptSchema,
      invoiceSchema,
      // Refused at submit (checkExtractionSchema), yet the engine must not fall over on it.
      { type: 'object', properties: { a: { type: 'strin' }, b: { type: 'number', unknown: 1 } } },
    ];
    for (const doc of [empty, blank, receipt]) {
      for (const schema of schemas) {
        const out = extract(doc, schema);
        assert.equal(typeof out.data, 'object');
        for (const value of Object.values(out.confidence)) assert.ok(value >= 0 && value <= 1);
      }
    }
    const out = extract(empty, schemas[3]!);
    assert.deepEqual(out.data, { seller: { name: null, vat: null }, buyer: { name: null, vat: null } });
    assert.deepEqual(extract(empty, schemas[2]!).data, { grid: null });
  });
});
