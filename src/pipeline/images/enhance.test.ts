import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enhanceForOcr } from './enhance.ts';
import { imagePages, type PageImage } from './image-pages.ts';
import { loadSharp } from './sharp-settings.ts';
import { textImage } from './testing/text-image.ts';

const sharp = await loadSharp();

async function pageOf(bytes: Uint8Array): Promise<PageImage> {
  const [page] = await imagePages(bytes, 'png');
  assert.ok(page && 'image' in page);
  return page.image;
}

/** A grey image from raw levels, as imagePages would give it. */
async function rawPage(width: number, height: number, level: (x: number, y: number) => number) {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = level(x, y);
  return pageOf(
    await sharp(data, { raw: { width, height, channels: 1 } })
      .png()
      .toBuffer(),
  );
}

const levels = async (image: PageImage) => [...(await sharp(image.data).raw().toBuffer())];
const darkPixels = async (image: PageImage) => (await levels(image)).filter((v) => v < 128).length;

describe('enhanceForOcr', () => {
  it('doubles a small text image, still one grey band, dpi doubled with it', async () => {
    const small = await pageOf(await textImage(['Small print 8 pt'], { fontSize: 16 }));
    const enhanced = await enhanceForOcr(small);
    assert.deepEqual([enhanced.width, enhanced.height], [small.width * 2, small.height * 2]);
    const before = await sharp(small.data).metadata();
    const meta = await sharp(enhanced.data).metadata();
    assert.deepEqual([meta.format, meta.channels, meta.bitsPerSample], ['png', 1, 8]);
    assert.equal(meta.density, before.density! * 2);
  });

  it('leaves the size of a page that is large enough', async () => {
    const page = await rawPage(2400, 3000, () => 255);
    const enhanced = await enhanceForOcr(page);
    assert.deepEqual([enhanced.width, enhanced.height], [2400, 3000]);
  });

  it('fades speckle and keeps the text', async () => {
    const speckled = await rawPage(400, 300, (x, y) => (x % 37 === 5 && y % 29 === 7 ? 0 : 255));
    const darkest = (levels: number[]) => levels.reduce((a, b) => Math.min(a, b), 255);
    assert.equal(darkest(await levels(speckled)), 0);
    assert.ok(darkest(await levels(await enhanceForOcr(speckled))) > 100, 'black specks are faint now');
    const clean = await pageOf(await textImage(['Keep these words'], { fontSize: 24 }));
    const ink = (await darkPixels(await enhanceForOcr(clean))) / 4; // upscaled ×2: 4 pixels each
    assert.ok(ink > (await darkPixels(clean)) * 0.7, 'the strokes survive the median');
  });

  it('leaves contrast alone: the grain of a blank page stays paper', async () => {
    const blank = await rawPage(300, 200, (x, y) => 230 + ((x * 7 + y * 13) % 11));
    const out = await levels(await enhanceForOcr(blank));
    assert.ok(
      out.every((v) => v >= 225),
      'no pixel darkened towards ink',
    );
  });
});
