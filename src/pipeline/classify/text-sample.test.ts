import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeDocument } from './testing/documents.ts';
import { sampleText } from './text-sample.ts';

const pageOf = (n: number, chars: number) => {
  const words = `start-of-page-${n} ${'lorem ipsum dolor sit amet '.repeat(chars / 27)}`;
  return `${words}end-of-page-${n}`;
};

describe('sampleText', () => {
  it('keeps a short document whole', () => {
    const document = makeDocument([{ text: 'Invoice 42' }, { text: 'Total 12.00' }]);
    assert.equal(sampleText(document), 'Invoice 42\n\nTotal 12.00');
  });

  it('keeps the first pages and the end of the last ones of a long document, within the cap', () => {
    const document = makeDocument(Array.from({ length: 40 }, (_, i) => ({ text: pageOf(i + 1, 3000) })));
    const sample = sampleText(document, 20_000);
    assert.ok(sample.length <= 20_000, `length ${sample.length}`);
    assert.ok(sample.startsWith('start-of-page-1 '));
    assert.ok(sample.includes('end-of-page-2'));
    assert.ok(sample.endsWith('end-of-page-40'), 'the end of the last page (references, signature) is kept');
    assert.ok(!sample.includes('page-20 '), 'the middle is left out');
  });

  it('skips empty pages and answers an empty string for a document without text', () => {
    assert.equal(sampleText(makeDocument([{ text: '' }, { text: ' ' }])), '');
    assert.equal(sampleText(makeDocument([{ text: '' }, { text: 'Dear Anna,' }])), 'Dear Anna,');
  });
});
