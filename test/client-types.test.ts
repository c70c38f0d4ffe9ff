import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { schemaType } from '../packages/client/scripts/openapi-to-ts.ts';
import { terminalStatuses as clientTerminal } from '../packages/client/src/index.ts';
import { generateClientTypes, generatedFile } from '../scripts/generate-client-types.ts';
import { terminalStatuses } from '../src/core/job-status.ts';

describe('the client types generated from /openapi.json', () => {
  it("match the server's document (the committed file is not stale)", async () => {
    const fresh = await generateClientTypes();
    const committed = readFileSync(generatedFile, 'utf8');
    assert.ok(
      fresh === committed,
      `${generatedFile} differs from what /openapi.json gives now: run node scripts/generate-client-types.ts`,
    );
  });

  it('turn JSON Schema keywords into TypeScript, and what they do not know into unknown', () => {
    assert.equal(schemaType({ type: ['string', 'null'] }), 'string | null');
    assert.equal(schemaType({ type: 'string', enum: ['a', 'b'] }), '"a" | "b"');
    assert.equal(schemaType({ type: 'array', items: { type: 'integer' } }), 'number[]');
    assert.equal(
      schemaType({ anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }),
      'string | string[]',
    );
    assert.equal(
      schemaType({ $ref: '#/components/schemas/ParseResult' }),
      `components['schemas']["ParseResult"]`,
    );
    assert.equal(
      schemaType({
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, n: { type: 'number' } },
      }),
      '{\n  id: string;\n  n?: number;\n}',
    );
    assert.equal(
      schemaType({ type: 'object', additionalProperties: { type: 'string' } }),
      '{\n  [key: string]: string | undefined;\n}',
    );
    assert.equal(schemaType({ not: { type: 'string' } } as never), 'unknown');
    assert.equal(schemaType({ type: 'object', properties: { 'a-b': { const: 1 } } }), '{\n  "a-b"?: 1;\n}');
  });

  it("know the server's terminal statuses (the package keeps its own copy: it cannot import server code)", () => {
    assert.deepEqual([...clientTerminal].sort(), [...terminalStatuses].sort());
  });
});
