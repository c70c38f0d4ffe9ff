import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bareNumber, dice, isPageNumber, mask } from './furniture-text.ts';

describe('isPageNumber', () => {
  it('knows the usual forms', () => {
    for (const text of [
      '3',
      '12',
      '- 3 -',
      '— 14 —',
      'Page 3',
      'Page 3 of 10',
      '3 / 10',
      'iii',
      'xiv',
      'XIX',
      'p. 7',
    ])
      assert.ok(isPageNumber(text), text);
  });
  it('refuses text that only contains a number', () => {
    for (const text of [
      'Total: 3 items',
      '12.50',
      '2023-01-04',
      'I',
      'C',
      'CV',
      'Mix',
      'see page 3 below',
      '12345',
    ])
      assert.ok(!isPageNumber(text), text);
  });
});

describe('bareNumber', () => {
  it('reads bare arabic and roman page numbers only', () => {
    assert.deepEqual(['12', '- 7 -', 'xiv', 'XIX', 'iv', 'Page 3', 'Total 3'].map(bareNumber), [
      12,
      7,
      14,
      19,
      4,
      null,
      null,
    ]);
  });
});

describe('mask and dice', () => {
  it('masks numbers and roman numerals so running heads compare', () => {
    assert.equal(mask('Chapter 3 — Results  12'), 'chapter # — results #');
    assert.equal(mask('Part IV. Methods'), 'part # methods');
    assert.equal(dice('abc', 'abc'), 1);
    assert.equal(dice('abcd', 'wxyz'), 0);
  });
});
