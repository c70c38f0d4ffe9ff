import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { defaultParseOptions } from '../../core/parse-options.ts';
import { closeThreadPools } from '../parse-document.ts';
import { renderPdfPage } from '../pdf/render-page.ts';
import { readDocument } from '../read-document.ts';
import { makePdf } from '../testing/fixtures.ts';
import type { ParsedPage } from '../types.ts';
import { markFurniture } from './mark-furniture.ts';

const pdf = { kind: 'pdf', mimeType: 'application/pdf' } as const;

/** A report of `n` letter pages: a running head with the chapter title, body, a folio in some style. */
function report(n: number, size = 9): Uint8Array {
  const folio = (k: number) => [`${k}`, `- ${k} -`, `Page ${k} of ${n}`][k % 3]!;
  const chapter = (k: number) => (k <= 2 ? 'Introduction' : k <= 4 ? 'Findings of the survey' : 'Outlook');
  return makePdf(
    Array.from({ length: n }, (_, i) => {
      const k = i + 1;
      return {
        lines: [
          [size, 72, 40, `Harbour Authority Annual Report 2024 - ${chapter(k)}`],
          [11, 72, 100, `Paragraph one of page ${k} tells what happened in the harbour this year.`],
          [11, 72, 114, `It goes on for a second line so that the body looks like a body.`],
          [11, 72, 150, `A second paragraph of page ${k} with other words in it.`],
          [size, 290, 760, folio(k)],
        ] as [number, number, number, string][],
      };
    }),
  );
}

const read = (bytes: Uint8Array, keepFurniture = false) =>
  readDocument(
    bytes,
    pdf,
    { signal: new AbortController().signal },
    { ...defaultParseOptions, keepFurniture },
  );

describe('furniture through the real parse', () => {
  after(closeThreadPools);

  it('marks running heads and page numbers and leaves them out of text and markdown', async () => {
    const { document } = await read(report(6));
    for (const page of document.pages) {
      const types = page.blocks.map((b) => b.type);
      assert.deepEqual(types, ['header', 'paragraph', 'paragraph', 'pageNumber'], `page ${page.page}`);
      assert.doesNotMatch(page.markdown, /Harbour Authority|Page \d of 6|^- \d -$/m);
      assert.match(page.markdown, new RegExp(`Paragraph one of page ${page.page} `));
    }
    assert.doesNotMatch(document.markdown, /Annual Report 2024/);
    assert.doesNotMatch(document.text, /Annual Report 2024/);
    assert.doesNotMatch(document.text.trimEnd(), /\n\d+$/);
  });

  it('finds them on scanned pages too, from the OCR blocks', async () => {
    // The report's pages rendered (~150 dpi) and put back as scans without a text layer.
    const text = report(3, 12);
    const pages = [];
    for (const n of [1, 2, 3]) {
      const png = await renderPdfPage(text.slice(), n, 1275); // it takes the buffer
      const { data, info } = await sharp(png).grayscale().jpeg().toBuffer({ resolveWithObject: true });
      pages.push({ lines: [], scan: { jpeg: data, width: info.width, height: info.height } });
    }
    const { document } = await read(makePdf(pages));
    assert.ok(document.pages.every((p) => p.source === 'ocr'));
    for (const page of document.pages) {
      const types = page.blocks.map((b) => b.type);
      assert.equal(
        types[0],
        'header',
        `page ${page.page}: ${JSON.stringify(page.blocks.map((b) => b.text))}`,
      );
      assert.doesNotMatch(page.markdown, /Harbour Authority/);
      assert.match(page.markdown, /Paragraph one of page/);
    }
    // Tesseract reads "- 1 -" as "= =" at this size; the plain "2" and "Page 3 of 3" it reads.
    assert.equal(document.pages[1]?.blocks.at(-1)?.type, 'pageNumber');
    assert.equal(document.pages[2]?.blocks.at(-1)?.type, 'pageNumber');
  });

  it('keeps them in text and markdown under keepFurniture, still typed', async () => {
    const { document } = await read(report(4), true);
    assert.match(document.markdown, /Harbour Authority Annual Report 2024 - Findings of the survey/);
    assert.match(document.text, /Page 2 of 4/);
    assert.equal(document.pages[0]?.blocks[0]?.type, 'header');
    assert.equal(document.pages[2]?.blocks.at(-1)?.type, 'pageNumber');
  });
});

describe('markFurniture', () => {
  const ocrPage = (page: number): ParsedPage => ({
    page,
    width: 612,
    height: 792,
    text: `Scanned body ${page}\nsecond line\n\n${page}`,
    markdown: `Scanned body ${page}\nsecond line\n\n${page}`,
    textLayer: false,
    source: 'ocr',
    blocks: [
      { type: 'paragraph', text: `Scanned body ${page}\nsecond line`, bbox: [72, 100, 500, 130] },
      { type: 'paragraph', text: String(page), bbox: [300, 750, 310, 760] },
    ],
  });

  it('drops an OCR page number from its text and markdown, keeping the line breaks of OCR markdown', () => {
    const [first] = markFurniture([ocrPage(1), ocrPage(2), ocrPage(3)], false);
    assert.equal(first?.text, 'Scanned body 1\nsecond line');
    assert.equal(first?.markdown, 'Scanned body 1\nsecond line');
    assert.equal(first?.blocks[1]?.type, 'pageNumber');
  });

  it('returns pages without furniture untouched', () => {
    const page = { ...ocrPage(1), blocks: [ocrPage(1).blocks[0]!] };
    assert.equal(markFurniture([page], false)[0], page);
  });
});
