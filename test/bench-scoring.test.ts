import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bagOfWords,
  cerCounts,
  f1,
  fuzzRatio,
  fuzzyContains,
  fuzzyStarts,
  normaliseOlmocr,
  orderFreeCerCounts,
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

  it('order-free CER ignores line order but charges misreads, missing and invented text', () => {
    const lines = ['TOTAL INCL. GST', 'CASH', 'RM 68.10', 'RM 100.10'];
    assert.deepEqual(orderFreeCerCounts('Total incl. GST RM 68.10\nCash RM 100.10', lines), {
      edits: 0,
      chars: 36,
    });
    assert.deepEqual(cerCounts('Total incl. GST RM 68.10\nCash RM 100.10', lines.join('\n')).edits > 0, true);
    // one misread letter costs one edit; text read twice serves one reference line only
    assert.equal(orderFreeCerCounts('CASH CASH', ['CASH']).edits, 4);
    assert.equal(orderFreeCerCounts('CASH', ['CASH', 'CASH']).edits, 4);
    assert.deepEqual(orderFreeCerCounts('TOTAL INCL. G5T CASH RM 68.10 RM 100.10', lines).edits, 1);
    // a missing line costs at least its length (greedy matching may pair it with a near miss)
    assert.ok(orderFreeCerCounts('TOTAL INCL. GST CASH RM 68.10', lines).edits >= 'RM 100.10'.length);
    assert.deepEqual(orderFreeCerCounts('TOTAL INCL. GST CASH RM 68.10 RM 100.10 THANK YOU', lines).edits, 8);
    assert.deepEqual(orderFreeCerCounts('', lines), { edits: 36, chars: 36 });
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

describe('bench scoring: olmOCR table tests', () => {
  const test = (fields: Record<string, string>) => ({
    pdf: 'x.pdf',
    page: 1,
    id: 't',
    type: 'table',
    ...fields,
  });
  it('is rapidfuzz ratio: 2·LCS over the summed lengths', () => {
    assert.equal(fuzzRatio('abcd', 'abcd'), 1);
    assert.equal(fuzzRatio('abcd', 'abce'), 0.75);
    assert.equal(fuzzRatio('', ''), 1);
  });
  it('checks neighbours and headings in pipe tables', () => {
    const md = 'text\n\n| Type | Words |\n| --- | --- |\n| web | 3.32T |\n| code | 11.8B |\n';
    assert.equal(passes(test({ cell: '3.32T', top_heading: 'Words' }), md), true);
    assert.equal(passes(test({ cell: '3.32T', left: 'web', down: '11.8B' }), md), true);
    assert.equal(passes(test({ cell: '3.32T', right: 'x' }), md), true); // no right neighbour: not checked
    assert.equal(passes(test({ cell: '3.32T', up: 'Type' }), md), false);
    assert.equal(passes(test({ cell: '3.32T' }), 'no tables here'), false);
  });
  it('expands rowspan and colspan in HTML tables, <th> rows as headers', () => {
    const html =
      '<table>\n<tr><th rowspan="2">Model</th><th colspan="2">TEDs</th></tr>\n<tr><th>simple</th><th>all</th></tr>\n<tr><td>OTSL</td><td>0.96</td><td>0.95</td></tr>\n</table>';
    assert.equal(passes(test({ cell: '0.95', top_heading: 'TEDs' }), html), true);
    assert.equal(passes(test({ cell: '0.95', top_heading: 'all', left: '0.96' }), html), true);
    assert.equal(passes(test({ cell: 'OTSL', up: 'Model' }), html), true);
    assert.equal(passes(test({ cell: 'OTSL', left_heading: 'x' }), html), false); // nothing to its left
  });
});
