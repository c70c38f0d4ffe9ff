import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { DocjobsError } from '../../core/errors.ts';
import { defaultParseOptions } from '../../core/parse-options.ts';
import { closeThreadPools } from '../parse-document.ts';
import { readDocument } from '../read-document.ts';
import { type GenerateInput, generateDocument } from './generate-document.ts';

const signal = new AbortController().signal;
const input = (template: string, data: unknown, format: 'markdown' | 'html' = 'markdown'): GenerateInput => ({
  template,
  data,
  format,
  pageSize: 'A4',
  pageNumbers: true,
  title: null,
});
const parse = async (pdf: Uint8Array) =>
  (
    await readDocument(
      pdf,
      { kind: 'pdf', mimeType: 'application/pdf' },
      { signal },
      { ...defaultParseOptions, ocr: 'off' },
    )
  ).document;

describe('generateDocument', () => {
  after(closeThreadPools);

  it('draws a filled invoice in embedded fonts that parses back, with "Page N of M"', async () => {
    const items = Array.from({ length: 70 }, (_, k) => ({
      sku: `SKU-${1000 + k}`,
      amount: (k * 1.25).toFixed(2),
    }));
    const { pdf, report } = await generateDocument(
      input(
        '# Invoice {{number}}\n\nBill to **{{customer}}**, Zürich\n\n| SKU | Amount |\n|---|--:|\n{{#each items}}| {{sku}} | {{amount}} |\n{{/each}}\n\nΣύνολο: {{total}} {{note}}',
        { number: 'F-77', customer: 'Ünïcode & Söhne', items, total: '3017.50' },
      ),
      signal,
    );
    assert.ok(report.pages >= 2, `70 rows take more than a page (${report.pages})`);
    assert.deepEqual(report.missing, ['note']);
    const document = await parse(pdf);
    assert.equal(document.pages.length, report.pages);
    for (const text of ['Invoice F-77', 'Ünïcode & Söhne', 'SKU-1069', '86.25', 'Σύνολο: 3017.50'])
      assert.ok(document.text.includes(text), `"${text}" reads back`);
    // The page numbers are read as page furniture: in the page's blocks, not its text.
    const folio = (page: (typeof document.pages)[number]) =>
      (page.blocks ?? []).map((block) => block.text).join('\n');
    assert.match(folio(document.pages[0]!), new RegExp(`Page 1 of ${report.pages}`));
    assert.match(folio(document.pages.at(-1)!), new RegExp(`Page ${report.pages} of ${report.pages}`));
    // Embedded: every font has a FontFile2 (a TrueType program in the file), none is a standard 14.
    const loaded = await PDFDocument.load(pdf);
    const fonts = loaded.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFDict => object instanceof PDFDict && object.has(PDFName.of('FontName')));
    assert.ok(fonts.length >= 2);
    for (const descriptor of fonts) assert.ok(descriptor.has(PDFName.of('FontFile2')));
  });

  it('breaks pages where the HTML asks, and writes characters the font lacks as "?", reported', async () => {
    const { pdf, report } = await generateDocument(
      input(
        '<h1>One</h1><p>{{a}}</p><div style="page-break-before: always"></div><p>Two 😀</p>',
        { a: 'x' },
        'html',
      ),
      signal,
    );
    assert.equal(report.pages, 2);
    assert.deepEqual(report.replaced, ['😀']);
    // The fonts are subset to the glyphs drawn: a whole Liberation Sans style is ~80 kB deflated.
    assert.ok(pdf.byteLength < 40_000, `${pdf.byteLength} bytes`);
    const document = await parse(pdf);
    assert.ok(document.pages[1]!.text.includes('Two ?'));
  });

  it('fails with TEMPLATE_ERROR naming the line and column of a broken template', async () => {
    await assert.rejects(
      generateDocument(input('fine\n{{#each items}}\n{{name}}', { items: [] }), signal),
      (error: unknown) =>
        error instanceof DocjobsError &&
        error.code === 'TEMPLATE_ERROR' &&
        /line 2, column 1/.test(error.message),
    );
  });
});
