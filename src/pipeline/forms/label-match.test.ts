import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelScore, labelWords, pairBest } from './label-match.ts';

describe('label matching', () => {
  it('splits camelCase, snake_case and punctuation, and keeps "E-mail" one word', () => {
    assert.deepEqual(labelWords('dateOfBirth'), ['date', 'of', 'birth']);
    assert.deepEqual(labelWords('date_of_birth'), ['date', 'of', 'birth']);
    assert.deepEqual(labelWords('Date of Birth:'), ['date', 'of', 'birth']);
    assert.deepEqual(labelWords('E-mail address'), ['email', 'address']);
    assert.deepEqual(labelWords('Café'), ['cafe']);
  });

  it('scores equal words 1, shared words by their share, unrelated words 0', () => {
    assert.equal(labelScore('dateOfBirth', 'Date of birth'), 1);
    assert.equal(labelScore('email', 'E-mail address'), 2 / 3);
    assert.ok(labelScore('phoneNumber', 'Phone no.') >= 0.9);
    assert.ok(labelScore('newsletter', 'Send me the newsletter') >= 0.65);
    assert.equal(labelScore('name', 'Date'), 0);
  });

  it('pairs each key with one label, best scores first', () => {
    const pairs = pairBest(['address', 'email'], ['Street address', 'E-mail address'], labelScore, 0.6);
    assert.deepEqual(pairs.map((pair) => [pair.key, pair.label]).sort(), [
      ['address', 'Street address'],
      ['email', 'E-mail address'],
    ]);
  });
});
