/** PDF pages rendered for OCR in the PDF worker ('render-ocr' tasks, pdf/render-for-ocr.ts). */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { closeThreadPools } from '../parse-document.ts';
import { maxOcrPixels, ocrDpi, ocrScale } from '../pdf/ocr-resolution.ts';
import { pdfPool, renderPdfPageForOcr } from '../pdf/pdf-pool.ts';
import { sharedPdfOf } from '../pdf/protocol.ts';
import { makePdf } from '../testing/fixtures.ts';
import { loadSharp } from './sharp-settings.ts';

const sharp = await loadSharp();

const signal = new AbortController().signal;
const page = (text: string) => ({ lines: [[24, 72, 100, text]] as [number, number, number, string][] });

describe('renderPdfPageForOcr', () => {
  after(() => closeThreadPools());

  it('renders a letter page at 300 dpi to 2550 × 3300 grey pixels, 300/72 pixels a point', async () => {
    const pdf = sharedPdfOf(makePdf([page('Hello OCR')]));
    const { image, scale } = await renderPdfPageForOcr(pdf, 1, ocrDpi.standard, signal);
    assert.deepEqual([image.width, image.height], [2550, 3300]);
    assert.equal(scale, 300 / 72);
    const meta = await sharp(image.data).metadata();
    assert.deepEqual(
      [meta.format, meta.channels, meta.bitsPerSample, meta.width, meta.height, meta.density],
      ['png', 1, 8, 2550, 3300, 300],
    );
    // White page, black text: the darkest pixel is ink, the median is paper.
    const { channels } = await sharp(image.data).stats();
    assert.ok(channels[0]!.min < 50 && channels[0]!.max === 255);
  });

  it('renders premium at 400 dpi', async () => {
    const pdf = sharedPdfOf(makePdf([page('Premium')]));
    const { image } = await renderPdfPageForOcr(pdf, 1, ocrDpi.premium, signal);
    assert.deepEqual([image.width, image.height], [3400, 4400]);
    assert.ok(image.width * image.height <= maxOcrPixels);
  });

  it('lowers the dpi so the page fits maxPixels, keeping its shape', async () => {
    const pdf = sharedPdfOf(makePdf([page('Small')]));
    const { image, scale } = await renderPdfPageForOcr(pdf, 1, 300, signal, 1_000_000);
    assert.ok(image.width * image.height <= 1_000_000);
    assert.ok(image.width * image.height > 990_000, 'not lowered more than needed');
    assert.ok(Math.abs(image.height / image.width - 792 / 612) < 0.01);
    assert.ok(Math.abs(scale - image.width / 612) < 0.01);
  });

  it('renders several pages of one shared document, and says which page does not exist', async () => {
    const pdf = sharedPdfOf(makePdf([page('one'), page('two'), page('three')]));
    const pages = await Promise.all([1, 2, 3].map((n) => renderPdfPageForOcr(pdf, n, 72, signal)));
    assert.deepEqual(
      pages.map((p) => [p.image.width, p.image.height]),
      [
        [612, 792],
        [612, 792],
        [612, 792],
      ],
    );
    await assert.rejects(renderPdfPageForOcr(pdf, 4, 72, signal), { code: 'NOT_FOUND', message: /has 3/ });
    assert.ok(pdfPool().threads <= pdfPool().size);
  });

  it('fails an unreadable PDF with PARSE_ERROR', async () => {
    const pdf = sharedPdfOf(new TextEncoder().encode('%PDF-1.4 nothing else'));
    await assert.rejects(renderPdfPageForOcr(pdf, 1, 300, signal), { code: 'PARSE_ERROR' });
  });
});

describe('ocrScale', () => {
  it('is dpi / 72 when the page fits, and the largest scale that fits when not', () => {
    assert.equal(ocrScale(612, 792, 300, maxOcrPixels), 300 / 72);
    const a0 = ocrScale(2384, 3370, 300, maxOcrPixels); // A0 would be 139 megapixels
    assert.ok(Math.abs(2384 * a0 * 3370 * a0 - maxOcrPixels) < 1);
    assert.throws(() => ocrScale(612, 792, 0, maxOcrPixels), { code: 'VALIDATION_ERROR' });
  });
});
