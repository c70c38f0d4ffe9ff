import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allTokens, contentTokens, stem } from './tokens.ts';

describe('tokens', () => {
  it('stems plurals and verb endings the same way from every form', () => {
    assert.equal(stem('invoices'), stem('invoice'));
    assert.equal(stem('warnings'), stem('warning'));
    assert.equal(stem('liabilities'), stem('liability'));
    assert.equal(stem('procedures'), stem('procedure'));
    assert.equal(stem('boxes'), stem('box'));
  });

  it('leaves short words, numbers and non-plural endings alone', () => {
    for (const word of ['bus', 'yours', 'news', 'analysis', 'status', 'address', '2024s']) {
      assert.equal(stem(word), word);
    }
  });

  it('folds case and accents, splits on punctuation, keeps stop words only in allTokens', () => {
    assert.deepEqual(allTokens('Reçu N°12 — THANK you!'), ['recu', 'n', '12', 'thank', 'you']);
    assert.deepEqual(contentTokens('The total of the bill, für Sie'), ['total', 'bill', 'sie']);
    assert.deepEqual(allTokens('Mit freundlichen Grüßen'), allTokens('mit freundlichen grussen'));
  });
});
