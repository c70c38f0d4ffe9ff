/**
 * Metadata past its limits (16 keys, keys of 64 characters, string values of 512) and extraction
 * schema bombs: deep, huge, recursive, wide, fanning out through $refs, or with a `pattern` that
 * backtracks without end. Refused at submit, or stopped when the answer is checked.
 */
import { jsonRequest } from './builders.ts';
import type { HostileCase } from './generate-hostile-inputs.ts';
import { base64, type Case, form, json, refused400, withVia } from './ordinary.ts';

const objectSchema = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

/** `levels` objects, each the only property of the one above, as JSON text (JSON.stringify of 10,000 levels overflows). */
function deepSchema(levels: number): string {
  return `${'{"type":"object","properties":{"a":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;
}

/** Ten $defs, each referring to the one below twice: 2^10 paths through 20 small definitions. */
function fanOutSchema(): unknown {
  const defs: Record<string, unknown> = { d0: { type: 'string' } };
  for (let i = 1; i <= 10; i++) {
    const ref = { $ref: `#/$defs/d${i - 1}` };
    defs[`d${i}`] = objectSchema({ left: ref, right: ref });
  }
  return objectSchema({ root: { $ref: '#/$defs/d10' } }, { $defs: defs });
}

export function limitCases(): HostileCase[] {
  const extract = (schema: unknown) => json({ type: 'extract', schema });
  const cases: Case[] = [
    // Metadata past its limits (16 keys, keys of 64, string values of 512).
    {
      name: 'metadata-1000-keys',
      group: 'metadata',
      why: '1,000 metadata keys',
      request: json({ metadata: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'])) }),
      expect: refused400,
    },
    {
      name: 'metadata-long-key',
      group: 'metadata',
      why: 'a 10 KB metadata key',
      request: json({ metadata: { ['k'.repeat(10_240)]: 'v' } }),
      expect: refused400,
    },
    {
      name: 'metadata-long-value-multipart',
      group: 'metadata',
      why: 'a 100 KB metadata.KEY field',
      request: form({ 'metadata.k': 'v'.repeat(100_000) }),
      expect: refused400,
    },
    {
      name: 'metadata-17-keys-multipart',
      group: 'metadata',
      why: '17 metadata.KEY fields, one over the limit',
      request: form(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`metadata.k${i}`, 'v']))),
      expect: refused400,
    },
    ...[
      ['number', 42],
      ['object', { nested: 'value' }],
      ['array', ['a']],
      ['null', null],
      ['boolean', true],
    ].map(
      ([kind, value]): Case => ({
        name: `metadata-${kind}-value`,
        group: 'metadata',
        why: `a metadata value that is a ${kind}, not a string`,
        request: json({ metadata: { k: value } }),
        expect: refused400,
      }),
    ),
    {
      name: 'metadata-multipart-non-string',
      group: 'metadata',
      why: 'a metadata JSON field with a number and an object for values',
      request: form({ metadata: '{"n":1,"o":{"a":"b"}}' }),
      expect: refused400,
    },
    {
      name: 'metadata-not-object',
      group: 'metadata',
      why: 'metadata as an array',
      request: json({ metadata: ['a', 'b'] }),
      expect: refused400,
    },
    // Extraction schema bombs: refused at submit, before any engine or prompt sees them.
    {
      name: 'schema-deep-20',
      group: 'schema',
      why: 'a schema nested 20 objects deep (the limit is 10)',
      request: extract(JSON.parse(deepSchema(20))),
      expect: refused400,
    },
    {
      name: 'schema-deep-10000',
      group: 'schema',
      why: 'a schema nested 10,000 objects deep in a JSON body',
      request: jsonRequest(
        Buffer.from(
          `{"document":"${base64}","fileName":"a.txt","type":"extract","schema":${deepSchema(10_000)}}`,
        ),
      ),
      expect: refused400,
    },
    {
      name: 'schema-deep-10000-multipart',
      group: 'schema',
      why: 'the same schema as a multipart field, which no body depth guard sees',
      request: form({ type: 'extract', schema: deepSchema(10_000) }),
      expect: refused400,
    },
    {
      name: 'schema-huge',
      group: 'schema',
      why: 'a 5 MB schema (descriptions of 50 KB on 100 properties)',
      request: extract(
        objectSchema(
          Object.fromEntries(
            Array.from({ length: 100 }, (_, i) => [
              `p${i}`,
              { type: 'string', description: 'd'.repeat(50_000) },
            ]),
          ),
        ),
      ),
      expect: refused400,
    },
    {
      name: 'schema-recursive-ref',
      group: 'schema',
      why: 'a $ref that points back at its own definition (a tree of unbounded depth)',
      request: extract(
        objectSchema(
          { node: { $ref: '#/$defs/node' } },
          { $defs: { node: objectSchema({ child: { $ref: '#/$defs/node' } }) } },
        ),
      ),
      expect: refused400,
    },
    {
      name: 'schema-10000-properties',
      group: 'schema',
      why: '10,000 properties in one object',
      request: extract(
        objectSchema(
          Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`p${i}`, { type: 'string' }])),
        ),
      ),
      expect: refused400,
    },
    {
      name: 'schema-ref-fan-out',
      group: 'schema',
      why: '$defs that each refer to the next twice: 1,024 paths from 11 definitions',
      request: extract(fanOutSchema()),
      expect: refused400,
    },
    {
      name: 'schema-redos-pattern',
      group: 'schema',
      why: 'a valid schema whose pattern ^(a+)+$ backtracks 2^40 times on the value the document gives ("aaaa…!"): stopped after 500 ms',
      request: jsonRequest({
        document: Buffer.from(`Code: ${'a'.repeat(40)}!\n`).toString('base64'),
        fileName: 'code.txt',
        type: 'extract',
        schema: objectSchema({ code: { type: 'string', pattern: '^(a+)+$' } }),
      }),
      expect: { kind: 'failed', code: 'EXTRACTION_ERROR' },
    },
  ];
  return withVia(cases);
}
