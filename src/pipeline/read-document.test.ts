import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { defaultParseOptions, type ParseOptions } from '../core/parse-options.ts';
import { textImage } from './images/testing/text-image.ts';
import { closeThreadPools } from './parse-document.ts';
import { readDocument } from './read-document.ts';
import { makePdf } from './testing/fixtures.ts';

const png = { kind: 'png', mimeType: 'image/png' } as const;
const pdf = { kind: 'pdf', mimeType: 'application/pdf' } as const;
const read = (bytes: Uint8Array, type: typeof png | typeof pdf, options: Partial<ParseOptions> = {}) => {
  const progress: [number, number, string | undefined][] = [];
  const outcome = readDocument(
    bytes,
    type,
    {
      signal: new AbortController().signal,
      onRead: ({ pagesDone, pagesTotal, stage }) => progress.push([pagesDone, pagesTotal, stage]),
    },
    { ...defaultParseOptions, ...options },
  );
  return outcome.then((o) => ({ ...o, progress }));
};

describe('readDocument', () => {
  after(closeThreadPools);

  it('gives an image its pages without text when OCR is off, and no score', async () => {
    const { document, passes } = await read(await textImage(['Nothing read here']), png, { ocr: 'off' });
    assert.equal(document.pages.length, 1);
    assert.equal(document.pages[0]?.source, 'none');
    assert.equal(document.text, '');
    assert.equal(document.qualityScore, null);
    assert.ok((document.pages[0]?.width ?? 0) > 100);
    assert.deepEqual(passes, []);
  });

  it('scores a text layer without OCR, and reports the ocr stage only where OCR runs', async () => {
    const text = makePdf([{ lines: [[14, 72, 72, 'An ordinary sentence of born-digital text.']] }]);
    const born = await read(text, pdf);
    assert.deepEqual(born.passes, []);
    assert.equal(born.document.pages[0]?.source, 'textLayer');
    assert.equal(born.document.qualityCategory, 'Very Confident');
    assert.ok(born.progress.every(([, , stage]) => stage !== 'ocr'));

    const scan = await read(await textImage(['Read by OCR']), png);
    assert.deepEqual(scan.progress.at(-1), [1, 1, 'ocr']);
    assert.deepEqual(
      scan.passes.map((p) => [p.mode, p.pages, p.failedPages]),
      [['standard', 1, 0]],
    );
    assert.match(scan.document.text, /Read by OCR/);
  });

  it('OCRs a page whose text layer is glyph codes (auto), and leaves a sane layer alone', async () => {
    // The scan fills the page, so it is given the page's shape: the text at the top of a white sheet.
    const line = await textImage(['Words only the scan holds']);
    const { width = 1 } = await sharp(line).metadata();
    const { data, info } = await sharp(line)
      .resize({
        width,
        height: Math.round((width * 792) / 612),
        fit: 'contain',
        position: 'top',
        background: '#fff',
      })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer({ resolveWithObject: true });
    const scan = { jpeg: data, width: info.width, height: info.height };
    const garbage = '(cid:3)(cid:7)(cid:9) (cid:12)(cid:4)(cid:5) (cid:8)(cid:8)';
    const broken = await read(makePdf([{ lines: [[6, 400, 780, garbage]], scan }]), pdf);
    assert.equal(broken.document.pages[0]?.source, 'ocr');
    assert.match(broken.document.text, /Words only the scan holds/);

    const sane = await read(
      makePdf([{ lines: [[12, 72, 72, 'A sane layer of text over the scan']], scan }]),
      pdf,
    );
    // The sane layer stays the page's; the scan under it holds words the layer lacks, which the
    // pass over pictures adds as an OCR block rather than OCR the page whole. The layer's line is
    // drawn over the scan's first words, and words under the layer's text are taken as its own.
    assert.deepEqual(
      sane.passes.map((p) => p.pictures),
      [1],
    );
    assert.equal(sane.document.pages[0]?.source, 'textLayer');
    assert.match(sane.document.text, /A sane layer of text over the scan/);
    const ocr = sane.document.pages[0]?.blocks.filter((b) => b.source === 'ocr') ?? [];
    assert.match(ocr.map((b) => b.text).join('\n'), /the scan holds/);
  });

  it('runs premium alone when asked, and never twice', async () => {
    const { passes } = await read(await textImage(['Premium from the start']), png, {
      ocrMode: 'premium',
      minQuality: 1,
    });
    assert.deepEqual(
      passes.map((p) => p.mode),
      ['premium'],
    );
  });
});
