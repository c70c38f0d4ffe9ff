import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import type { DocjobsError } from '../../core/errors.ts';
import { hasCorpus, needsCorpus } from '../testing/fixtures.ts';
import { closeOcrPool, ocrPoolStats } from './ocr-pool.ts';
import { type OcrPage, recognizeImage } from './recognize.ts';
import { textPageImage } from './testing/page-image.ts';
import { characterErrorRate, scannedReceipt, sroieReceipt } from './testing/receipts.ts';

const signal = new AbortController().signal;
const standard = { languages: ['eng'], mode: 'standard', signal } as const;
// Receipt 248 of the corpus: the smallest of the 50 (522×954), CER ~0.08 upright.
const sroie = hasCorpus ? sroieReceipt('248') : null;
const turned = (image: Uint8Array, degrees: number) => sharp(image).rotate(degrees).png().toBuffer();

function assertBoxesInside(page: OcrPage, width: number, height: number) {
  for (const { bbox, text } of [...page.words, ...page.lines, ...page.paragraphs]) {
    const [x0, y0, x1, y1] = bbox;
    assert.ok(0 <= x0 && x0 <= x1 && x1 <= width && 0 <= y0 && y0 <= y1 && y1 <= height, `${text}: ${bbox}`);
  }
}

describe('recognizeImage', { timeout: 180_000 }, () => {
  after(closeOcrPool);
  let uprightCer = 1;

  it('reads a receipt with a low character error rate', { skip: needsCorpus }, async () => {
    const receipt = sroie!;
    const page = await recognizeImage(receipt.image, standard);
    uprightCer = characterErrorRate(page.text, receipt.transcript);
    assert.ok(uprightCer < 0.25, `CER ${uprightCer}`);
    assert.equal(page.rotation, 0);
    assert.deepEqual([page.width, page.height], [522, 954]);
    assert.ok(page.confidence > 0.5 && page.confidence <= 1, `confidence ${page.confidence}`);
    assertBoxesInside(page, 522, 954);
    assert.equal(page.text, page.paragraphs.map((p) => p.text).join('\n\n'));
    assert.deepEqual(
      page.words,
      page.lines.flatMap((l) => l.words),
    );
    assert.ok(page.words.every((w) => w.confidence >= 0 && w.confidence <= 1 && w.text.trim() === w.text));
  });

  for (const degrees of [90, 180, 270]) {
    it(`turns a receipt rotated ${degrees}° clockwise upright`, { skip: needsCorpus }, async () => {
      const receipt = sroie!;
      const page = await recognizeImage(await turned(receipt.image, degrees), standard);
      assert.equal(page.rotation, 360 - degrees, 'the clockwise correction applied');
      const cer = characterErrorRate(page.text, receipt.transcript);
      assert.ok(cer < 0.25 && Math.abs(cer - uprightCer) < 0.05, `CER ${cer}, upright ${uprightCer}`);
      // The image as read is the turned one; the boxes describe the page put upright.
      assert.deepEqual([page.width, page.height], degrees === 180 ? [522, 954] : [954, 522]);
      assertBoxesInside(page, 522, 954);
    });
  }

  it('turns a printed page that lies on its side (upside down handled alike)', async () => {
    const lines = [
      'Docling bundles PDF document conversion to',
      'JSON and Markdown in an easy self contained',
    ];
    const page = await recognizeImage(await turned(await textPageImage(lines), 270), standard);
    assert.equal(page.rotation, 90);
    assert.equal(page.text, lines.join('\n'));
    assert.ok(page.confidence >= 0.85, `a clean print is 'Very Confident': ${page.confidence}`);
  });

  it('reads German with eng+deu', async () => {
    const image = await textPageImage([
      'Die Größe der Straße über den Äpfeln',
      'Müller zahlt 12,50 € für Öl',
    ]);
    const page = await recognizeImage(image, { ...standard, languages: ['eng', 'deu'] });
    for (const word of ['Größe', 'Straße', 'über', 'Äpfeln', 'Müller', 'Öl']) {
      assert.ok(page.text.includes(word), `${word} in ${JSON.stringify(page.text)}`);
    }
  });

  it('premium mode deskews a tilted page, boxes staying on the image as given', async () => {
    const lines = ['Invoice number 2024-0117 dated 3 March 2024', 'Total amount due: 1,234.56 EUR'];
    const tilted = await sharp(await textPageImage(lines))
      .rotate(2.5, { background: '#ffffff' })
      .png()
      .toBuffer();
    const premium = await recognizeImage(tilted, { ...standard, mode: 'premium' });
    const cer = characterErrorRate(premium.text, lines.join('\n'));
    assert.ok(cer < 0.05, `CER ${cer}: ${premium.text}`);
    // tesseract reads the straightened image; its boxes are turned back onto ours.
    const plain = await recognizeImage(tilted, standard);
    const centre = ([x0, y0, x1, y1]: number[]) => [(x0! + x1!) / 2, (y0! + y1!) / 2];
    for (const word of premium.words) {
      const twins = plain.words.filter((w) => w.text === word.text);
      if (twins.length !== 1) continue; // misread or repeated: no unambiguous partner
      const twin = twins[0]!;
      const [[ax, ay], [bx, by]] = [centre(word.bbox), centre(twin.bbox)];
      assert.ok(Math.hypot(ax! - bx!, ay! - by!) < 4, `${word.text}: ${word.bbox} vs ${twin.bbox}`);
    }
  });

  it('divides boxes by scale (pixels per PDF point → points)', async () => {
    const image = await textPageImage(['Scale test line one'], 1224); // 612 pt wide: 2 px per point
    const page = await recognizeImage(image, { ...standard, scale: 2 });
    assert.deepEqual([page.width, page.height], [1224, 1584], 'the image size stays in pixels');
    assertBoxesInside(page, 612, 792);
    // The line is set at x = 72 pt, baseline 96 pt from the top (testing/page-image.ts).
    const [x0, , , y1] = page.lines[0]!.bbox;
    assert.ok(Math.abs(x0 - 72) < 3 && Math.abs(y1 - 96) < 6, `${page.lines[0]!.bbox}`);
  });

  it('escapes line starts that markdown would take for structure', async () => {
    const image = await textPageImage(['# 12 Main Street', '- 2 x Coffee', 'Plain line']);
    const page = await recognizeImage(image, standard);
    assert.equal(page.text, '# 12 Main Street\n- 2 x Coffee\nPlain line');
    assert.equal(page.markdown, '\\# 12 Main Street\n\\- 2 x Coffee\nPlain line');
  });

  for (const engine of ['paddle', 'tesseract'] as const) {
    it(`reads a blank page as nothing, and does not turn it or noise around (${engine})`, async () => {
      await closeOcrPool(); // to see below whether an OSD engine was started
      const blank = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer();
      const page = await recognizeImage(blank, { ...standard, engine });
      assert.deepEqual([page.text, page.words, page.confidence, page.rotation], ['', [], 0, 0]);
      // Seeded, so tesseract sees the same pixels every run (small noise images vary: 0.02-0.13).
      const pixels = Buffer.alloc(800 * 800);
      for (let k = 0, seed = 7; k < pixels.length; k++) {
        seed = (seed * 48271) % 2147483647; // Park-Miller
        pixels[k] = seed & 255;
      }
      const noise = await sharp(pixels, { raw: { width: 800, height: 800, channels: 1 } })
        .png()
        .toBuffer();
      const garbage = await recognizeImage(noise, { ...standard, engine });
      assert.ok(garbage.confidence < 0.13 && garbage.rotation === 0, `${garbage.confidence}`);
      // No OSD engine started: PaddleOCR needs no tesseract engine at all, tesseract one to read.
      const engines = engine === 'paddle' ? [] : ['text:eng'];
      assert.deepEqual(ocrPoolStats().engines, engines, 'no OSD, no other turn tried');
    });
  }

  it('rejects what it cannot read, and languages it does not ship', async () => {
    await assert.rejects(
      recognizeImage(new TextEncoder().encode('not an image'), standard),
      (error: DocjobsError) => error.code === 'OCR_ERROR' && !error.retryable,
    );
    await assert.rejects(
      recognizeImage((await scannedReceipt()).image, { ...standard, languages: ['eng', 'tlh'] }),
      (error: DocjobsError) => error.code === 'VALIDATION_ERROR' && /tlh/.test(error.message),
    );
  });
});
