import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bagOfWords,
  cerCounts,
  f1,
  fuzzyContains,
  fuzzyStarts,
  normaliseOlmocr,
  passes,
  sroieTranscripts,
} from '../bench/scoring.ts';

describe('bench scoring: SROIE', () => {
  it('splits on the first 8 commas only, skipping blank lines and a BOM', () => {
    const csv = '\uFEFF1,2,3,4,5,6,7,8,TAX INVOICE\r\n1,2,3,4,5,6,7,8,12, JALAN 7/4,KAWASAN\n\n';
    assert.deepEqual(sroieTranscripts(csv), ['TAX INVOICE', '12, JALAN 7/4,KAWASAN']);
    assert.throws(() => sroieTranscripts('1,2,3,TOO SHORT'), /line 1/);
  });

  it('CER ignores spacing, line breaks and case', () => {
    assert.deepEqual(cerCounts('tax  invoice\nTOTAL 5.00', 'TAX INVOICE\nTOTAL 5.00'), {
      edits: 0,
      chars: 22,
    });
    assert.deepEqual(cerCounts('TAX INV0ICE', 'TAX INVOICE'), { edits: 1, chars: 11 });
    assert.deepEqual(cerCounts('', 'ABC'), { edits: 3, chars: 3 });
  });

  it('bag-of-words F1 ignores order and counts repeats once each', () => {
    const counts = bagOfWords('total 5.00 total', 'TOTAL TAX 5.00');
    assert.deepEqual(counts, { matched: 2, output: 3, reference: 3 });
    assert.equal(f1(counts), 2 / 3);
    assert.equal(f1(bagOfWords('b a', 'a b')), 1);
    assert.equal(f1(bagOfWords('', 'a b')), 0);
  });
});

describe('bench scoring: olmOCR tests', () => {
  it('normalises markdown emphasis, spacing, quotes and dashes', () => {
    assert.equal(
      normaliseOlmocr('**The  term**\n\u201cCSR\u201d \u2014 it\u2019s'),
      'The term "CSR" - it\'s',
    );
  });

  it('finds substrings within max_diffs edits', () => {
    assert.ok(fuzzyContains('corporate', 'the corprate world', 1));
    assert.ok(!fuzzyContains('corporate', 'the corprate world', 0));
    assert.ok(!fuzzyContains('corporate', 'the cooprrate world', 1));
    assert.deepEqual(fuzzyStarts('ab', 'xabyab'), [1, 4]);
  });

  it('runs present, absent (with last_n, case) and order tests', () => {
    const page = 'Title here\n\nBody text mentions Downloaded from somewhere. Page 1';
    const base = { pdf: 'x.pdf', page: 1, id: 't' };
    assert.ok(passes({ ...base, type: 'present', text: 'body text', case_sensitive: false }, page));
    assert.ok(!passes({ ...base, type: 'present', text: 'body text' }, page));
    assert.ok(!passes({ ...base, type: 'absent', text: 'Downloaded from' }, page));
    assert.ok(passes({ ...base, type: 'absent', text: 'Title', last_n: 20 }, page));
    assert.ok(passes({ ...base, type: 'order', before: 'Title here', after: 'Page 1' }, page));
    assert.ok(!passes({ ...base, type: 'order', before: 'Page 1', after: 'Title' }, page));
    assert.ok(passes({ ...base, type: 'order', before: 'Titel here', after: 'Page 1', max_diffs: 2 }, page));
  });
});
