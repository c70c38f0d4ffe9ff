/** What imagePages refuses: empty, cut, corrupt and oversized files, and broken TIFF pages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { DocjobsError, type ErrorCode } from '../../core/errors.ts';
import { pngChunk, pngSignature } from './gray-png.ts';
import { imagePages } from './image-pages.ts';
import { loadSharp } from './sharp-settings.ts';
import { multiPageTiff, textImage } from './testing/text-image.ts';
import { breakTiffPage } from './testing/tiff-pages.ts';

const sharp = await loadSharp();

/** A PNG whose header claims `width` × `height` grey pixels, with a few bytes of image data. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bits per sample
  const parts = [
    new Uint8Array(pngSignature),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(new Uint8Array(width + 1))), // one row
    pngChunk('IEND'),
  ];
  return new Uint8Array(Buffer.concat(parts));
}

async function refused(promise: Promise<unknown>, code: ErrorCode, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DocjobsError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.equal(error.retryable, false);
    return true;
  });
}

describe('imagePages limits and failures', () => {
  it('refuses an empty file', async () => {
    await refused(imagePages(new Uint8Array(0), 'png'), 'PARSE_ERROR', /^the file is empty$/);
  });

  it('refuses bytes that are no image', async () => {
    const text = new TextEncoder().encode('%PDF-1.4 this is not a picture at all');
    await refused(imagePages(text, 'jpeg'), 'PARSE_ERROR', /cannot read the image/);
  });

  it('refuses a JPEG or PNG cut in half rather than returning grey rows', async () => {
    for (const format of ['jpeg', 'png'] as const) {
      const whole = await textImage(['cut here'], { format, noise: true });
      await refused(
        imagePages(whole.subarray(0, whole.length >> 1), format),
        'PARSE_ERROR',
        /the image is truncated or corrupt/,
      );
    }
  });

  it('refuses a 30000 × 30000 PNG from its header, without decoding it', async () => {
    const bomb = pngHeaderOnly(30_000, 30_000);
    assert.ok(bomb.length < 1000);
    const before = process.memoryUsage().rss;
    await refused(
      imagePages(bomb, 'png'),
      'IMAGE_TOO_LARGE',
      /30000 × 30000 pixels \(900 megapixels\).*100 megapixels/,
    );
    // Decoding would take 900 MB; the header costs nothing that shows.
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 100 * 2 ** 20, `RSS grew by ${Math.round(grown / 2 ** 20)} MB`);
  });

  it('takes a lower pixel limit from the caller', async () => {
    const image = await textImage(['a small image']); // ~100 000 pixels
    await refused(imagePages(image, 'png', { maxPixels: 10_000 }), 'IMAGE_TOO_LARGE', /0\.01 megapixels/);
    assert.equal((await imagePages(image, 'png', { maxPixels: 1_000_000 })).length, 1);
  });

  it('reports a broken TIFF page alone and still reads the others', async () => {
    const pages = [
      await textImage(['page one']),
      await textImage(['page two']),
      await textImage(['page three']),
    ];
    const tiff = breakTiffPage(await multiPageTiff(pages), 2);
    const results = await imagePages(tiff, 'tiff');
    assert.deepEqual(
      results.map((r) => [r.page, 'image' in r]),
      [
        [1, true],
        [2, false],
        [3, true],
      ],
    );
    const broken = results[1]!;
    assert.ok('error' in broken);
    assert.equal(broken.error.code, 'PARSE_ERROR');
    assert.match(broken.error.message, /truncated or corrupt/);
  });

  it('fails the file when every page is broken', async () => {
    const tiff = await multiPageTiff([await textImage(['one']), await textImage(['two'])]);
    await refused(
      imagePages(breakTiffPage(breakTiffPage(tiff, 1), 2), 'tiff'),
      'PARSE_ERROR',
      /truncated or corrupt/,
    );
  });

  it('reports an oversized TIFF page alone', async () => {
    const huge = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const tiff = await multiPageTiff([await textImage(['small page']), huge]);
    const results = await imagePages(tiff, 'tiff', { maxPixels: 1_000_000 });
    assert.ok('image' in results[0]!);
    assert.ok('error' in results[1]! && results[1].error.code === 'IMAGE_TOO_LARGE');
  });

  it('refuses a TIFF with more pages than it may read', async () => {
    const tiff = await multiPageTiff([await textImage(['one']), await textImage(['two'])]);
    await refused(imagePages(tiff, 'tiff', { maxPages: 1 }), 'IMAGE_TOO_LARGE', /2 pages, more than the 1/);
  });
});
