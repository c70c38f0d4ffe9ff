import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { levenshtein, wordSimilarity } from './text-similarity.ts';

describe('wordSimilarity', () => {
  it('ignores spacing and case, counts word edits', () => {
    assert.equal(wordSimilarity('Hello   world\nagain', 'hello world again'), 1);
    assert.equal(wordSimilarity('a b c d', 'a b x d'), 0.75);
    assert.equal(wordSimilarity('a b c d', 'c d a b'), 0);
    assert.equal(wordSimilarity('', ''), 1);
    assert.equal(wordSimilarity('a', ''), 0);
  });

  it('levenshtein counts insertions, deletions and substitutions', () => {
    assert.equal(levenshtein([1, 2, 3], [1, 3]), 1);
    assert.equal(levenshtein([1, 2, 3], [4, 2, 3, 5]), 2);
  });
});
