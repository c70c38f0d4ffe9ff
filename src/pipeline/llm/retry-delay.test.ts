import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffMs, maxRetryAfterMs, retryAfterMs } from './retry-delay.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  const headers = (values: Record<string, string>) => new Headers(values);

  test('reads seconds, an HTTP date and OpenAI retry-after-ms', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after': '2' }), now), 2000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Wed, 01 May 2024 12:00:05 GMT' }), now), 5000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Wed, 01 May 2024 11:00:00 GMT' }), now), 0);
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now), 250);
  });

  test('caps long waits and ignores what it cannot read', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after': '3600' }), now), maxRetryAfterMs);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' }), now), null);
    assert.equal(retryAfterMs(headers({}), now), null);
  });
});

describe('backoffMs', () => {
  test('doubles from about a second and stops growing at 30 s', () => {
    assert.ok(backoffMs(1) >= 800 && backoffMs(1) <= 1200);
    assert.ok(backoffMs(3) >= 3200 && backoffMs(3) <= 4800);
    assert.equal(backoffMs(20), 30_000);
  });
});
