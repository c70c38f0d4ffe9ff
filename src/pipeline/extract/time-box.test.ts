import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocjobsError } from '../../core/errors.ts';
import { validationBudgetMs, validatorFor } from './schema-check.ts';
import { TimeBoxExceeded, withinMs } from './time-box.ts';

describe('withinMs', () => {
  it('returns what the function returns, and passes its errors through', () => {
    assert.equal(
      withinMs(100, () => 42),
      42,
    );
    assert.throws(() => withinMs(100, () => JSON.parse('{')), SyntaxError);
  });

  it('stops a catastrophically backtracking regular expression, and the process carries on', () => {
    const started = performance.now();
    assert.throws(() => withinMs(50, () => /^(a+)+$/u.test(`${'a'.repeat(40)}!`)), TimeBoxExceeded);
    assert.ok(performance.now() - started < 2000);
    assert.equal(/^(a+)+$/u.test('aaaa'), true);
  });
});

describe('validatorFor with a hostile pattern', () => {
  it('fails the check with EXTRACTION_ERROR after its budget instead of hanging', () => {
    const validate = validatorFor({
      type: 'object',
      properties: { code: { type: 'string', pattern: '^(a|a)*$' } },
    });
    assert.equal(validate({ code: 'aaaa' }).valid, true);
    const started = performance.now();
    assert.throws(
      () => validate({ code: `${'a'.repeat(40)}!` }),
      (error: unknown) =>
        error instanceof DocjobsError && error.code === 'EXTRACTION_ERROR' && !error.retryable,
    );
    assert.ok(performance.now() - started < validationBudgetMs + 1500);
  });
});
