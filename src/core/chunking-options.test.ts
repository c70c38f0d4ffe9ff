import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkChunkingOptions } from './chunking-options.ts';
import { checkParseOptions } from './parse-options.ts';

const fault = (value: unknown) => {
  const checked = checkChunkingOptions(value);
  assert.equal(checked.ok, false);
  return checked as { field: string; message: string };
};

describe('checkChunkingOptions', () => {
  it('fills the defaults: structure, 512 tokens, no overlap, cl100k_base', () => {
    assert.deepEqual(checkChunkingOptions({}), {
      ok: true,
      value: {
        strategy: 'structure',
        maxTokens: 512,
        overlapTokens: 0,
        minTokens: 0,
        tokenizer: 'cl100k_base',
      },
    });
    assert.deepEqual(checkChunkingOptions(true), checkChunkingOptions({}));
  });

  it('gives the size strategy an eighth of its window as overlap unless told', () => {
    const size = checkChunkingOptions({ strategy: 'size', maxTokens: 256 });
    assert.ok(size.ok);
    assert.equal(size.value.overlapTokens, 32);
    const none = checkChunkingOptions({ strategy: 'size', overlapTokens: 0 });
    assert.ok(none.ok && none.value.overlapTokens === 0);
  });

  it('says how to fix each bad value', () => {
    assert.deepEqual(fault({ strategy: 'sections' }), {
      ok: false,
      field: 'options.chunking.strategy',
      message: 'strategy must be one of "structure", "size", "page"',
    });
    assert.match(fault({ maxTokens: 10 }).message, /maxTokens must be a whole number from 32 to 8191/);
    assert.match(fault({ maxTokens: 12.5 }).message, /whole number/);
    const overlap = fault({ maxTokens: 100, overlapTokens: 100 });
    assert.equal(overlap.field, 'options.chunking.overlapTokens');
    assert.match(overlap.message, /from 0 to 50 \(half of maxTokens 100\)/);
    assert.match(fault({ minTokens: 512 }).message, /minTokens must be a whole number from 0 to 511/);
    assert.match(fault({ tokenizer: 'bert' }).message, /"cl100k_base", "o200k_base"/);
    const typo = fault({ maxToken: 100 });
    assert.equal(typo.field, 'options.chunking.maxToken');
    assert.match(typo.message, /did you mean "maxTokens"/);
    assert.match(fault('structure').message, /chunking is an object/);
  });

  it('is part of the parse options, absent unless asked for', () => {
    const plain = checkParseOptions({});
    assert.ok(plain.ok && !('chunking' in plain.value));
    const chunked = checkParseOptions({ chunking: { maxTokens: 256 } });
    assert.ok(chunked.ok && chunked.value.chunking?.maxTokens === 256);
    const bad = checkParseOptions({ chunking: { overlapTokens: -1 } });
    assert.ok(!bad.ok && bad.field === 'options.chunking.overlapTokens');
  });
});
