/**
 * BMP writing for tests (sharp cannot write BMP): grey or RGB pixels as a 24-bit file, as most
 * software writes them, or at the depths bmp.ts must also read: 1, 4 and 8-bit with a grey
 * palette (grey input only), 16-bit as 5-5-5, 32-bit with its unused fourth byte left 0.
 */
export interface BmpOptions {
  bitsPerPixel?: 1 | 4 | 8 | 16 | 24 | 32;
  /** Rows top to bottom (negative height); BMPs are usually bottom-up. */
  topDown?: boolean;
  /** Written as pixels per metre; default 72. */
  dpi?: number;
}

export function encodeBmp(
  image: { data: Uint8Array; width: number; height: number; channels?: 1 | 3 },
  options: BmpOptions = {},
): Uint8Array {
  const { width, height, data, channels = 1 } = image;
  const bpp = options.bitsPerPixel ?? 24;
  const paletteSize = bpp <= 8 ? (1 << bpp) * 4 : 0;
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const offset = 14 + 40 + paletteSize;
  const out = new Uint8Array(offset + stride * height);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]); // 'BM'
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true); // BITMAPINFOHEADER
  v.setInt32(18, width, true);
  v.setInt32(22, options.topDown ? -height : height, true);
  v.setUint16(26, 1, true); // planes
  v.setUint16(28, bpp, true);
  v.setUint32(34, stride * height, true);
  const perMetre = Math.round((options.dpi ?? 72) / 0.0254);
  v.setInt32(38, perMetre, true);
  v.setInt32(42, perMetre, true);
  for (let k = 0; k < paletteSize / 4; k++) {
    const level = k * (255 / ((1 << bpp) - 1));
    out.set([level, level, level, 0], 54 + 4 * k);
  }
  for (let y = 0; y < height; y++) {
    const row = offset + (options.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      const level = data[at]!;
      if (bpp === 1) out[row + (x >> 3)] = out[row + (x >> 3)]! | ((level >= 128 ? 1 : 0) << (7 - (x & 7)));
      else if (bpp === 4)
        out[row + (x >> 1)] = out[row + (x >> 1)]! | (Math.round(level / 17) << (x & 1 ? 0 : 4));
      else if (bpp === 8) out[row + x] = level;
      else if (bpp === 16)
        v.setUint16(row + 2 * x, (level >> 3) * 0b0_00001_00001_00001, true); // grey in 5-5-5
      else if (channels === 1) out.set([level, level, level], row + x * (bpp / 8));
      else out.set([data[at + 2]!, data[at + 1]!, level], row + x * (bpp / 8)); // blue, green, red
    }
  }
  return out;
}
