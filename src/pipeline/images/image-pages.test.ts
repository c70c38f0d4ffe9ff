import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imagePages, MAX_SIDE, type PageImage, type PageImageResult } from './image-pages.ts';
import { loadSharp } from './sharp-settings.ts';
import { multiPageTiff, textImage } from './testing/text-image.ts';

const sharp = await loadSharp();

const lines = ['Invoice 2024-117', 'Total due 99.50 EUR'];

function images(results: PageImageResult[]): PageImage[] {
  return results.map((r) => {
    assert.ok('image' in r, `page ${r.page} failed: ${JSON.stringify(r)}`);
    return r.image;
  });
}

/** What a PageImage promises: a PNG, one 8-bit grey band, the size it states. */
async function assertGrayPng(image: PageImage): Promise<void> {
  const meta = await sharp(image.data).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.channels, 1);
  assert.equal(meta.bitsPerSample, 8);
  assert.deepEqual([meta.width, meta.height], [image.width, image.height]);
}

/** Mean absolute difference of two images of one size, in grey levels. */
async function difference(a: PageImage, b: PageImage): Promise<number> {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  const [x, y] = await Promise.all([a, b].map((i) => sharp(i.data).raw().toBuffer()));
  let sum = 0;
  for (let k = 0; k < x!.length; k++) sum += Math.abs(x![k]! - y![k]!);
  return sum / x!.length;
}

describe('imagePages', () => {
  it('reads PNG, JPEG, WebP, TIFF and BMP as one grey PNG page of the same size', async () => {
    const [upright] = images(await imagePages(await textImage(lines), 'png'));
    await assertGrayPng(upright!);
    for (const format of ['jpeg', 'webp', 'tiff', 'bmp'] as const) {
      const pages = images(await imagePages(await textImage(lines, { format }), format));
      assert.equal(pages.length, 1, format);
      await assertGrayPng(pages[0]!);
      assert.ok((await difference(pages[0]!, upright!)) < 3, `${format} differs from the PNG`);
    }
  });

  it('gives every page of a TIFF, each at its own size, in order', async () => {
    const tiff = await multiPageTiff([
      await textImage(['first page']),
      await textImage(['second page, larger', 'with two lines'], { fontSize: 48 }),
      await textImage(['third'], { format: 'jpeg' }),
    ]);
    const results = await imagePages(tiff, 'tiff');
    assert.deepEqual(
      results.map((r) => r.page),
      [1, 2, 3],
    );
    const pages = images(results);
    for (const page of pages) await assertGrayPng(page);
    assert.ok(pages[1]!.height > pages[0]!.height * 2);
  });

  it('takes only the first frame of an animated GIF or WebP', async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 60, height: 40, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const frames = [await frame('#000000'), await frame('#ffffff'), await frame('#808080')];
    for (const format of ['gif', 'webp'] as const) {
      const animated = await sharp(frames, { join: { animated: true } })
        [format]()
        .toBuffer();
      assert.equal((await sharp(animated).metadata()).pages, 3);
      const pages = images(await imagePages(animated, format));
      assert.equal(pages.length, 1);
      assert.deepEqual([pages[0]!.width, pages[0]!.height], [60, 40]);
      const { channels } = await sharp(pages[0]!.data).stats();
      assert.ok(channels[0]!.mean < 10, `${format}: the first frame is the black one`);
    }
  });

  it('turns colour into grey and transparency into white', async () => {
    const red = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const clear = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#00000000' } })
      .png()
      .toBuffer();
    const grey = async (bytes: Uint8Array) =>
      (await sharp(images(await imagePages(bytes, 'png'))[0]!.data).stats()).channels[0]!.mean;
    const redLevel = await grey(red);
    assert.ok(redLevel > 40 && redLevel < 140, `red is a mid grey, not ${redLevel}`);
    assert.equal(await grey(clear), 255);
  });

  it('applies EXIF orientation: 6 (a phone held upright) comes out upright, width and height swapped', async () => {
    const [upright] = images(await imagePages(await textImage(lines), 'png'));
    const stored = await textImage(lines, { exifOrientation: 6, format: 'jpeg' });
    const meta = await sharp(stored).metadata();
    assert.equal(meta.orientation, 6);
    assert.deepEqual([meta.width, meta.height], [upright!.height, upright!.width]);
    const [page] = images(await imagePages(stored, 'jpeg'));
    assert.ok((await difference(page!, upright!)) < 3);
  });

  it('applies all eight EXIF orientations, mirrored ones included', async () => {
    const [upright] = images(await imagePages(await textImage(lines), 'png'));
    for (let orientation = 1; orientation <= 8; orientation++) {
      const [page] = images(
        await imagePages(await textImage(lines, { exifOrientation: orientation }), 'png'),
      );
      assert.ok((await difference(page!, upright!)) < 1, `orientation ${orientation}`);
    }
  });

  it(`shrinks a page to ${MAX_SIDE} px on its long side, scaling its dpi alike, and never enlarges`, async () => {
    const big = await sharp({ create: { width: 6000, height: 3000, channels: 3, background: '#ffffff' } })
      .withDensity(600)
      .jpeg()
      .toBuffer();
    const [page] = images(await imagePages(big, 'jpeg'));
    assert.deepEqual([page!.width, page!.height], [MAX_SIDE, 2100]);
    assert.equal((await sharp(page!.data).metadata()).density, 420);
    const small = await textImage(lines, { fontSize: 12 });
    const [same] = images(await imagePages(small, 'png'));
    const meta = await sharp(small).metadata();
    assert.deepEqual([same!.width, same!.height], [meta.width, meta.height]);
  });
});
