import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isJobId, newJobId, ulid } from './ids.ts';
import { checkMetadata } from './job.ts';

describe('metadata limits', () => {
  it('accepts up to 16 keys of ≤64 chars with values ≤512', () => {
    const metadata = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`k${i}`.padEnd(64, 'x'), 'v'.repeat(512)]),
    );
    assert.equal(checkMetadata(metadata), null);
  });
  it('names the field at fault', () => {
    assert.equal(
      checkMetadata(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])))?.field,
      'metadata',
    );
    assert.equal(checkMetadata({ ['k'.repeat(65)]: 'v' })?.field, `metadata.${'k'.repeat(65)}`);
    assert.equal(checkMetadata({ big: 'v'.repeat(513) })?.field, 'metadata.big');
    assert.equal(checkMetadata({ n: 1 })?.field, 'metadata.n');
    assert.equal(checkMetadata([])?.field, 'metadata');
  });
});

describe('ids', () => {
  it('are time-ordered and well-formed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 1, max: 2 ** 20 }), (t, dt) => {
        assert.ok(ulid(t).slice(0, 10) < ulid(t + dt).slice(0, 10));
      }),
    );
    const id = newJobId();
    assert.ok(isJobId(id), id);
    assert.equal(isJobId('job_../../etc'), false);
  });
});
