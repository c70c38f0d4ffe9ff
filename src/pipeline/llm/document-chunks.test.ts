import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ParsedDocument, ParsedPage } from '../types.ts';
import { chunkDocument, pageText } from './document-chunks.ts';

function page(number: number, text: string, extra: Partial<ParsedPage> = {}): ParsedPage {
  return {
    page: number,
    width: 612,
    height: 792,
    text,
    markdown: text,
    textLayer: true,
    source: 'textLayer',
    blocks: [],
    ...extra,
  };
}

function documentOf(pages: ParsedPage[]): ParsedDocument {
  const text = pages.map((p) => p.text).join('\n\n');
  return {
    metadata: {
      pages: pages.length,
      fileType: 'pdf',
      mimeType: 'application/pdf',
      title: null,
      author: null,
    },
    pages,
    text,
    markdown: text,
  };
}

describe('chunkDocument', () => {
  test('packs whole pages, each headed by its number, up to the limit', () => {
    const texts = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)];
    const chunks = chunkDocument(documentOf(texts.map((text, i) => page(i + 1, text))), 100);
    assert.deepEqual(
      chunks.map(({ firstPage, lastPage }) => [firstPage, lastPage]),
      [
        [1, 2],
        [3, 3],
      ],
    );
    assert.equal(chunks[0]!.text, `--- page 1 ---\n${'a'.repeat(30)}\n\n--- page 2 ---\n${'b'.repeat(30)}`);
    for (const chunk of chunks) assert.ok(chunk.text.length <= 100);
  });

  test('cuts a page longer than the limit between paragraphs, and never loses text', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${'word '.repeat(12).trim()}.`);
    const chunks = chunkDocument(documentOf([page(1, paragraphs.join('\n\n'))]), 200);
    assert.ok(chunks.length > 1);
    for (const chunk of chunks) {
      assert.ok(chunk.text.length <= 200, `${chunk.text.length}`);
      assert.match(chunk.text, /^--- page 1 ---\nParagraph \d+ /);
    }
    const joined = chunks.map((chunk) => chunk.text.replace('--- page 1 ---\n', '')).join('\n\n');
    assert.equal(joined, paragraphs.join('\n\n'));
  });

  test('gives one empty chunk for a document without text', () => {
    assert.equal(chunkDocument(documentOf([]), 100).length, 1);
  });
});

describe('pageText', () => {
  test('takes markdown for pages with tables and the line-kept text otherwise', () => {
    const table = { type: 'table' as const, text: 'Item Price', bbox: null, rows: [['Item', 'Price']] };
    const withTable = page(1, 'Item Price\nTea 2.00', {
      markdown: '| Item | Price |\n| --- | --- |\n| Tea | 2.00 |',
      blocks: [table],
    });
    assert.match(pageText(withTable), /^\| Item \| Price \|/);
    const receipt = page(2, 'Tea 2.00\nCake 3.50', { markdown: 'Tea 2.00 Cake 3.50' });
    assert.equal(pageText(receipt), 'Tea 2.00\nCake 3.50');
  });
});
