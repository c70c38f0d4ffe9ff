import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { renderPdfPage } from '../pdf/render-page.ts';
import { makePaperPdf } from '../testing/fixtures.ts';
import { wordSimilarity } from '../text-similarity.ts';
import { closeOcrPool } from './ocr-pool.ts';
import { recognizeImage } from './recognize.ts';

const signal = new AbortController().signal;

describe('OCR reading order on a scan', { timeout: 180_000 }, () => {
  after(closeOcrPool);

  it('reads a scanned three-column page column by column', async () => {
    const { pdf, text } = makePaperPdf(1, 'Convective overshooting in open clusters', { columns: 3 });
    // A4 at 2.5 px a point (180 dpi): 10 pt text is 25 px high.
    const image = await renderPdfPage(pdf, 1, Math.round(595 * 2.5));
    const page = await recognizeImage(image, { languages: ['eng'], mode: 'standard', signal, scale: 2.5 });
    // Without the XY-cut, tesseract reads this page across the columns: similarity 0.15.
    const similarity = wordSimilarity(page.text, text);
    assert.ok(similarity >= 0.9, `word similarity ${similarity.toFixed(3)}`);
  });
});
