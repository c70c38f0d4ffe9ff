import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocjobsError } from '../../core/errors.ts';
import { decodeBmp, readBmpLayout } from './bmp.ts';
import { imagePages } from './image-pages.ts';
import { loadSharp } from './sharp-settings.ts';
import { encodeBmp } from './testing/bmp-writer.ts';
import { textImage } from './testing/text-image.ts';

const sharp = await loadSharp();

/** A 5 × 3 grey ramp: odd width, so every row of every depth is padded. */
const ramp = {
  width: 5,
  height: 3,
  data: new Uint8Array([0, 64, 128, 192, 255, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50]),
};
const grey = (pixels: Uint8Array) => Array.from({ length: pixels.length / 3 }, (_, k) => pixels[k * 3]!);

describe('BMP reading', () => {
  it('reads 8, 24 and 32-bit BMPs, bottom-up and top-down, to the same pixels', () => {
    for (const bitsPerPixel of [8, 24, 32] as const) {
      for (const topDown of [false, true]) {
        const bytes = encodeBmp(ramp, { bitsPerPixel, topDown });
        const layout = readBmpLayout(bytes);
        assert.deepEqual([layout.width, layout.height, layout.topDown, layout.dpi], [5, 3, topDown, 72]);
        const raw = decodeBmp(bytes, layout);
        assert.equal(raw.channels, 3, 'the unused fourth byte of 32-bit is no alpha');
        assert.deepEqual(grey(raw.data), [...ramp.data], `${bitsPerPixel}-bit, topDown ${topDown}`);
      }
    }
  });

  it('reads 4-bit (palette) and 16-bit (5-5-5) BMPs, to their precision', () => {
    for (const bitsPerPixel of [4, 16] as const) {
      const bytes = encodeBmp(ramp, { bitsPerPixel });
      const levels = grey(decodeBmp(bytes, readBmpLayout(bytes)).data);
      for (const [k, level] of levels.entries()) {
        assert.ok(Math.abs(level - ramp.data[k]!) <= 9, `${bitsPerPixel}-bit pixel ${k}`);
      }
    }
  });

  it('reads 1-bit BMPs through their palette', () => {
    const raw = decodeBmp(
      encodeBmp(ramp, { bitsPerPixel: 1 }),
      readBmpLayout(encodeBmp(ramp, { bitsPerPixel: 1 })),
    );
    assert.deepEqual(grey(raw.data), [0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 0, 0]);
  });

  it('keeps red and blue apart (the file stores blue first)', async () => {
    const pixel = (r: number, g: number, b: number) => ({
      width: 1,
      height: 1,
      channels: 3 as const,
      data: new Uint8Array([r, g, b]),
    });
    const level = async (bytes: Uint8Array) => {
      const [page] = await imagePages(bytes, 'bmp');
      assert.ok(page && 'image' in page);
      return (await sharp(page.image.data).raw().toBuffer())[0]!;
    };
    const red = await level(encodeBmp(pixel(255, 0, 0)));
    const blue = await level(encodeBmp(pixel(0, 0, 255)));
    assert.ok(red > blue + 20, `red ${red} must read lighter than blue ${blue}`);
  });

  it('gives a text image as one grey PNG page', async () => {
    const [page] = await imagePages(await textImage(['Bitmap text'], { format: 'bmp' }), 'bmp');
    assert.ok(page && 'image' in page);
    const meta = await sharp(page.image.data).metadata();
    assert.deepEqual([meta.format, meta.channels], ['png', 1]);
  });

  it('refuses a cut file, a bomb by its header, and RLE compression', async () => {
    const whole = encodeBmp(ramp);
    const cut = whole.subarray(0, whole.length - 20);
    await assert.rejects(imagePages(cut, 'bmp'), { code: 'PARSE_ERROR', message: /truncated or corrupt/ });

    const bomb = new Uint8Array(whole);
    new DataView(bomb.buffer).setInt32(18, 50_000, true); // width
    new DataView(bomb.buffer).setInt32(22, 50_000, true); // height: 2.5 gigapixels in 80 bytes
    await assert.rejects(imagePages(bomb, 'bmp'), { code: 'IMAGE_TOO_LARGE' });

    const rle = encodeBmp(ramp, { bitsPerPixel: 8 });
    new DataView(rle.buffer).setUint32(30, 1, true); // BI_RLE8
    await assert.rejects(imagePages(rle, 'bmp'), (error: unknown) => {
      assert.ok(error instanceof DocjobsError);
      assert.equal(error.code, 'UNSUPPORTED_FORMAT');
      return true;
    });
  });
});
