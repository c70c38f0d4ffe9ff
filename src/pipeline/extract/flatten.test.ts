import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractionRows, toCsv, toJsonl } from './flatten.ts';
import { checkExtractionSchema } from './schema-check.ts';
import type { JsonSchema } from './types.ts';

const nullableString = { type: ['string', 'null'] };
const nullableNumber = { type: ['number', 'null'] };

// An invoice as an extractor would describe it: header fields, a nested vendor, line items.
const invoiceSchema: JsonSchema = {
  type: 'object',
  properties: {
    invoiceNumber: nullableString,
    vendor: {
      type: 'object',
      properties: { name: nullableString, address: { $ref: '#/$defs/address' } },
    },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { description: nullableString, quantity: nullableNumber, amount: nullableNumber },
      },
    },
    total: nullableNumber,
    paid: { type: ['boolean', 'null'] },
  },
  $defs: { address: { type: 'object', properties: { city: nullableString, country: nullableString } } },
};

describe('extractionRows', () => {
  it('uses a schema the extraction schema check accepts', () => {
    assert.deepEqual(checkExtractionSchema(invoiceSchema), { ok: true });
  });

  it('gives one row per line item, the header fields repeated, columns in schema order', () => {
    const { columns, rows } = extractionRows(invoiceSchema, {
      invoiceNumber: 'INV-7',
      vendor: { name: 'Acme GmbH', address: { city: 'Köln', country: 'DE' } },
      lines: [
        { description: 'Bolts', quantity: 100, amount: 12.5 },
        { description: 'Nuts', quantity: null, amount: 3 },
      ],
      total: 15.5,
      paid: false,
    });
    assert.deepEqual(columns, [
      'invoiceNumber',
      'vendor.name',
      'vendor.address.city',
      'vendor.address.country',
      'lines.description',
      'lines.quantity',
      'lines.amount',
      'total',
      'paid',
    ]);
    const header = {
      invoiceNumber: 'INV-7',
      'vendor.name': 'Acme GmbH',
      'vendor.address.city': 'Köln',
      'vendor.address.country': 'DE',
    };
    assert.deepEqual(rows, [
      {
        ...header,
        'lines.description': 'Bolts',
        'lines.quantity': 100,
        'lines.amount': 12.5,
        total: 15.5,
        paid: false,
      },
      {
        ...header,
        'lines.description': 'Nuts',
        'lines.quantity': null,
        'lines.amount': 3,
        total: 15.5,
        paid: false,
      },
    ]);
    assert.deepEqual(Object.keys(rows[0]!), columns);
  });

  it('gives one row with empty item columns when there is no item, or no value at all', () => {
    for (const lines of [[], null, undefined]) {
      const { rows } = extractionRows(invoiceSchema, {
        invoiceNumber: 'INV-8',
        vendor: null,
        lines,
        total: 0,
      });
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0], {
        invoiceNumber: 'INV-8',
        'vendor.name': null,
        'vendor.address.city': null,
        'vendor.address.country': null,
        'lines.description': null,
        'lines.quantity': null,
        'lines.amount': null,
        total: 0,
        paid: null,
      });
    }
  });

  it('keeps the property order of the schema, not of the data', () => {
    const schema = { type: 'object', properties: { b: nullableString, a: nullableString } };
    const { columns, rows } = extractionRows(schema, { a: '1', b: '2' });
    assert.deepEqual(columns, ['b', 'a']);
    assert.deepEqual(Object.keys(rows[0]!), ['b', 'a']);
  });

  it('takes the shallowest array of objects as the line items and joins the others with "; "', () => {
    const schema = {
      type: 'object',
      properties: {
        customer: {
          type: 'object',
          properties: {
            contacts: { type: 'array', items: { type: 'object', properties: { email: { type: 'string' } } } },
          },
        },
        lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
        payments: {
          type: 'array',
          items: { type: 'object', properties: { date: { type: 'string' }, amount: { type: 'number' } } },
        },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    const { columns, rows } = extractionRows(schema, {
      customer: { contacts: [{ email: 'a@x.test' }, { email: 'b@x.test' }] },
      lines: [{ sku: 'A1' }, { sku: 'B2' }, { sku: 'C3' }],
      payments: [
        { date: '2024-01-02', amount: 10 },
        { date: '2024-02-03', amount: 5.5 },
      ],
      tags: ['urgent', 'eu'],
    });
    assert.deepEqual(columns, [
      'customer.contacts.email',
      'lines.sku',
      'payments.date',
      'payments.amount',
      'tags',
    ]);
    assert.deepEqual(
      rows.map((row) => row['lines.sku']),
      ['A1', 'B2', 'C3'],
    );
    for (const row of rows) {
      assert.equal(row['customer.contacts.email'], 'a@x.test; b@x.test');
      assert.equal(row['payments.date'], '2024-01-02; 2024-02-03');
      assert.equal(row['payments.amount'], '10; 5.5');
      assert.equal(row.tags, 'urgent; eu');
    }
  });

  it('joins an array nested in the line items, and shows an open object as JSON', () => {
    const schema = {
      type: 'object',
      properties: {
        extra: { type: 'object' },
        lines: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              sku: { type: 'string' },
              taxes: { type: 'array', items: { type: 'object', properties: { rate: { type: 'number' } } } },
            },
          },
        },
      },
    };
    const { columns, rows } = extractionRows(schema, {
      extra: { note: 'x' },
      lines: [
        { sku: 'A', taxes: [{ rate: 7 }, { rate: 19 }] },
        { sku: 'B', taxes: [] },
      ],
    });
    assert.deepEqual(columns, ['extra', 'lines.sku', 'lines.taxes.rate']);
    assert.deepEqual(rows, [
      { extra: '{"note":"x"}', 'lines.sku': 'A', 'lines.taxes.rate': '7; 19' },
      { extra: '{"note":"x"}', 'lines.sku': 'B', 'lines.taxes.rate': null },
    ]);
  });

  it('has no line items without an array of objects: one row', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, ids: { type: 'array', items: { type: 'integer' } } },
    };
    assert.deepEqual(extractionRows(schema, { name: 'n', ids: [1, 2] }), {
      columns: ['name', 'ids'],
      rows: [{ name: 'n', ids: '1; 2' }],
    });
  });
});

describe('toCsv', () => {
  it('quotes fields with a comma, quote, CR or LF, doubles quotes and ends lines with CRLF', () => {
    const csv = toCsv(
      ['a', 'b', 'c', 'd'],
      [
        { a: 'plain', b: 'x,y', c: 'say "hi"', d: 'two\nlines' },
        { a: 'cr\rhere', b: null, c: 42, d: true },
      ],
    );
    assert.equal(csv, 'a,b,c,d\r\nplain,"x,y","say ""hi""","two\nlines"\r\n"cr\rhere",,42,true\r\n');
  });

  it('neutralises formulas in text but leaves numbers alone', () => {
    const columns = ['v'];
    const cell = (v: string | number) => toCsv(columns, [{ v }]).split('\r\n')[1];
    assert.equal(cell('=HYPERLINK("http://evil.test","x")'), `"'=HYPERLINK(""http://evil.test"",""x"")"`);
    assert.equal(cell('+cmd|x'), "'+cmd|x");
    assert.equal(cell('-2+3'), "'-2+3");
    assert.equal(cell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(cell('\tTAB'), "'\tTAB");
    assert.equal(cell('\rCR'), `"'\rCR"`);
    assert.equal(cell(-12.5), '-12.5');
    assert.equal(cell('-12.50'), '-12.50');
    assert.equal(cell('+49'), '+49');
    assert.equal(cell('a=b'), 'a=b');
  });

  it('neutralises a column name taken from the schema too', () => {
    assert.equal(toCsv(['=x'], []), "'=x\r\n");
  });

  it('renders an extraction end to end', () => {
    const { columns, rows } = extractionRows(invoiceSchema, {
      invoiceNumber: 'INV-9',
      vendor: { name: 'Smith, Jones & Co' },
      lines: [{ description: '=1+1', amount: -4 }],
      total: -4,
    });
    assert.equal(
      toCsv(columns, rows),
      'invoiceNumber,vendor.name,vendor.address.city,vendor.address.country,lines.description,lines.quantity,lines.amount,total,paid\r\n' +
        `INV-9,"Smith, Jones & Co",,,'=1+1,,-4,-4,\r\n`,
    );
  });
});

describe('toJsonl', () => {
  it('writes one JSON object per row and line, keys in column order', () => {
    const { rows } = extractionRows(invoiceSchema, {
      invoiceNumber: 'A',
      lines: [{ description: 'x' }, { description: 'y\nz' }],
    });
    const lines = toJsonl(rows).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(JSON.parse(lines[1]!), rows[1]);
    assert.ok(lines[0]!.startsWith('{"invoiceNumber":"A","vendor.name":null'));
  });
});
