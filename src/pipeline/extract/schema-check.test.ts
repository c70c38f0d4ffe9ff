import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkExtractionSchema, validatorFor } from './schema-check.ts';

const invoice = {
  type: 'object',
  description: 'An invoice',
  properties: {
    invoiceNumber: { type: 'string', description: 'As printed' },
    issueDate: { type: ['string', 'null'], format: 'date' },
    total: { type: 'number', minimum: 0 },
    currency: { enum: ['EUR', 'USD', null] },
    paid: { type: 'boolean' },
    vendor: { $ref: '#/$defs/party' },
    lines: {
      type: 'array',
      minItems: 0,
      items: {
        type: 'object',
        properties: { description: { type: 'string' }, amount: { type: 'number' }, qty: { type: 'integer' } },
        required: ['description'],
        additionalProperties: false,
      },
    },
    tags: { type: 'array', items: { type: 'string', maxLength: 20 } },
  },
  required: ['invoiceNumber', 'total'],
  $defs: {
    party: {
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
    },
  },
};

function faultOf(schema: unknown): { pointer: string; message: string } {
  const result = checkExtractionSchema(schema);
  assert.equal(result.ok, false, 'the schema should have been refused');
  return result as { pointer: string; message: string };
}

describe('checkExtractionSchema', () => {
  test('accepts the supported subset, with local $refs and a draft 2020-12 $schema', () => {
    assert.deepEqual(checkExtractionSchema(invoice), { ok: true });
    const declared = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...invoice };
    assert.deepEqual(checkExtractionSchema(declared), { ok: true });
  });

  test('points at a misspelt type with a message a user can act on', () => {
    const fault = faultOf({ type: 'object', properties: { total: { type: 'nubmer' } } });
    assert.equal(fault.pointer, '/properties/total/type');
    assert.equal(
      fault.message,
      '/properties/total/type: must be one of string, number, integer, boolean, object, array, null',
    );
  });

  test('requires an object at the root', () => {
    assert.equal(faultOf({ type: 'array', items: { type: 'string' } }).pointer, '/type');
    assert.equal(faultOf([]).pointer, '');
    assert.equal(faultOf('{"type":"object"}').pointer, '');
  });

  test('refuses formats other than date, date-time, email, uri', () => {
    const fault = faultOf({ type: 'object', properties: { ip: { type: 'string', format: 'ipv4' } } });
    assert.equal(fault.pointer, '/properties/ip/format');
    assert.match(fault.message, /date, date-time, email, uri/);
  });

  test('refuses keywords outside the subset and keywords on the wrong type', () => {
    const anyOf = { type: 'object', properties: { a: { anyOf: [{ type: 'string' }] } } };
    assert.equal(faultOf(anyOf).pointer, '/properties/a/anyOf');
    const misplaced = { type: 'object', properties: { a: { type: 'string', minimum: 1 } } };
    assert.match(faultOf(misplaced).message, /"minimum" applies only to "type": "number or integer"/);
    assert.equal(faultOf({ type: 'object', properties: { a: {} } }).pointer, '/properties/a');
  });

  test('refuses remote and unresolvable references, and recursion', () => {
    const remote = { type: 'object', properties: { a: { $ref: 'https://example.com/a.json' } } };
    assert.equal(faultOf(remote).pointer, '/properties/a/$ref');
    const dangling = { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } };
    assert.match(faultOf(dangling).message, /does not point at anything/);
    const recursive = {
      type: 'object',
      properties: { node: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
    };
    assert.match(faultOf(recursive).message, /recursive/);
  });

  test('checks what the walk leaves to the meta-schema and to the compiler', () => {
    const badLength = { type: 'object', properties: { a: { type: 'string', minLength: -1 } } };
    assert.equal(faultOf(badLength).pointer, '/properties/a/minLength');
    const badPattern = { type: 'object', properties: { a: { type: 'string', pattern: '(' } } };
    assert.equal(faultOf(badPattern).pointer, '/properties/a/pattern');
    const unknownRequired = { type: 'object', properties: {}, required: ['total'] };
    assert.equal(faultOf(unknownRequired).pointer, '/required/0');
    const listOfTwo = { type: 'object', properties: { a: { type: ['string', 'number'] } } };
    assert.equal(faultOf(listOfTwo).pointer, '/properties/a/type');
    const arrayOfArrays = {
      type: 'object',
      properties: { m: { type: 'array', items: { type: 'array', items: { type: 'number' } } } },
    };
    assert.equal(faultOf(arrayOfArrays).pointer, '/properties/m/items/type');
  });

  test('guards against schema bombs: depth, property count, size', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 12; level++) deep = { type: 'object', properties: { x: deep } };
    assert.match(faultOf(deep).message, /deeper than 10/);

    // 10 definitions each using the previous one twice: 2^10 properties once expanded, few bytes.
    const $defs: Record<string, unknown> = { d0: { type: 'string' } };
    for (let n = 1; n <= 10; n++) {
      const previous = { $ref: `#/$defs/d${n - 1}` };
      $defs[`d${n}`] = { type: 'object', properties: { a: previous, b: previous } };
    }
    const expanding = { type: 'object', properties: { root: { $ref: '#/$defs/d9' } }, $defs };
    assert.match(faultOf(expanding).message, /more than 500 properties/);

    const wide = {
      type: 'object',
      properties: Object.fromEntries(
        [...Array(3000)].map((_, i) => [`field${i}`, { type: 'string', description: 'x'.repeat(20) }]),
      ),
    };
    assert.match(faultOf(wide).message, /bytes; at most 65536/);
  });

  test('escapes property names in pointers', () => {
    const fault = faultOf({ type: 'object', properties: { 'a/b~c': { type: 'text' } } });
    assert.equal(fault.pointer, '/properties/a~1b~0c/type');
  });
});

describe('validatorFor', () => {
  test('validates data and reports pointers into the data', () => {
    const validate = validatorFor(invoice);
    const good = {
      invoiceNumber: 'F-1',
      issueDate: '2024-03-01',
      total: 12.5,
      currency: 'EUR',
      lines: [{ description: 'Paper', amount: 12.5 }],
    };
    assert.deepEqual(validate(good), { valid: true, errors: [] });
    const bad = {
      invoiceNumber: 'F-1',
      issueDate: '01/03/2024',
      total: 12.5,
      currency: 'GBP',
      lines: [{ description: 'x', extra: 1 }],
    };
    const { valid, errors } = validate(bad);
    assert.equal(valid, false);
    const byPointer = Object.fromEntries(errors.map((error) => [error.pointer, error.message]));
    assert.match(byPointer['/issueDate']!, /format "date"/);
    assert.equal(byPointer['/currency'], 'must be one of ["EUR","USD",null]');
    assert.equal(byPointer['/lines/0'], 'must not have the property "extra"');
  });
});
