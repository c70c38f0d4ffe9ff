/**
 * BMP reading: sharp's prebuilt libvips has no BMP loader, so the pixels are unpacked here and
 * handed to sharp raw. Uncompressed BMPs of every bit depth are read (1/4/8-bit palette,
 * 16/32-bit bit fields, 24-bit); RLE and embedded JPEG/PNG, which scanners and phones rarely
 * write, are refused.
 *
 * The header is read first and on its own, so the pixel limit is checked before anything the
 * size of the image is allocated. 24-bit rows (the usual kind) are copied whole: ~15 ms for a
 * 300-dpi letter page (8.4 megapixels). Other depths go pixel by pixel on the event loop:
 * ~60 ms for 1 and 8-bit, ~120 ms for 32-bit; BMP scans are rare enough to accept that rather
 * than send them to a worker thread.
 */
import { permanent } from '../../core/errors.ts';

export interface BmpLayout {
  width: number;
  height: number;
  bitsPerPixel: number;
  topDown: boolean;
  pixelOffset: number;
  /** Bytes per row, padded to 4. */
  stride: number;
  /** RGB triplets, for 1/4/8-bit images. */
  palette: Uint8Array | null;
  /** Red, green, blue, alpha masks for 16/32-bit images (alpha 0 when absent). */
  masks: [number, number, number, number] | null;
  /** Horizontal resolution from the header, 0 when not given. */
  dpi: number;
}

/** Raw pixels for sharp; `bgr` when the bytes are in the file's blue-green-red order. */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  bgr: boolean;
}

const corrupt = () => permanent('PARSE_ERROR', 'the image is truncated or corrupt');

export function readBmpLayout(bytes: Uint8Array): BmpLayout {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 26 || v.getUint16(0) !== 0x424d) throw permanent('PARSE_ERROR', 'not a BMP file');
  const pixelOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  const core = headerSize === 12; // OS/2 1.x BITMAPCOREHEADER: 16-bit sizes, 3-byte palette entries
  if (!core && (headerSize < 40 || bytes.length < 14 + headerSize)) throw corrupt();
  const width = core ? v.getUint16(18, true) : v.getInt32(18, true);
  const rawHeight = core ? v.getInt16(20, true) : v.getInt32(22, true);
  const bitsPerPixel = v.getUint16(core ? 24 : 28, true);
  const compression = core ? 0 : v.getUint32(30, true);
  if (width <= 0 || rawHeight === 0 || ![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw corrupt();
  if (compression !== 0 && compression !== 3 && compression !== 6) {
    throw permanent('UNSUPPORTED_FORMAT', 'compressed BMP files (RLE, JPEG or PNG inside) are not supported');
  }
  const fields = compression === 3 || compression === 6;
  // Version 2+ headers hold the masks; a 40-byte header is followed by them.
  const masksAt = 54;
  const readMask = (k: number) =>
    fields && masksAt + 4 * k + 4 <= bytes.length ? v.getUint32(masksAt + 4 * k, true) : 0;
  let masks: BmpLayout['masks'] = null;
  if (bitsPerPixel === 16 || bitsPerPixel === 32) {
    const alpha = compression === 6 || headerSize >= 56 ? readMask(3) : 0;
    masks = fields
      ? [readMask(0), readMask(1), readMask(2), alpha]
      : bitsPerPixel === 16
        ? [0x7c00, 0x3e0, 0x1f, 0]
        : [0xff0000, 0xff00, 0xff, 0]; // the fourth byte of BI_RGB 32-bit is unused, not alpha
  }
  let palette: Uint8Array | null = null;
  if (bitsPerPixel <= 8) {
    const used = core ? 0 : v.getUint32(46, true);
    const count = Math.min(used || 1 << bitsPerPixel, 256);
    const entry = core ? 3 : 4;
    const start = 14 + headerSize;
    palette = new Uint8Array(256 * 3); // indices past the palette read as black
    for (let k = 0; k < count; k++) {
      const at = start + k * entry;
      if (at + 3 > bytes.length) throw corrupt();
      palette.set([bytes[at + 2]!, bytes[at + 1]!, bytes[at]!], k * 3);
    }
  }
  const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
  const dpi = core ? 0 : Math.max(0, Math.round(v.getInt32(38, true) * 0.0254)); // stored per metre
  return {
    width,
    height: Math.abs(rawHeight),
    dpi,
    bitsPerPixel,
    topDown: rawHeight < 0,
    pixelOffset,
    stride,
    palette,
    masks,
  };
}

export function decodeBmp(bytes: Uint8Array, layout: BmpLayout): RawPixels {
  const { width, height, bitsPerPixel: bpp, stride, palette, masks } = layout;
  // The last row may lack its padding; anything shorter is a cut file.
  if (layout.pixelOffset + stride * (height - 1) + Math.ceil((width * bpp) / 8) > bytes.length)
    throw corrupt();
  const whole = bpp === 24;
  const channels = masks?.[3] ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields = masks?.map(field) ?? [];
  let alphaSeen = 0;
  for (let y = 0; y < height; y++) {
    const row = layout.pixelOffset + (layout.topDown ? y : height - 1 - y) * stride;
    let o = y * width * channels;
    if (whole) {
      out.set(bytes.subarray(row, row + width * 3), o);
      continue;
    }
    for (let x = 0; x < width; x++, o += channels) {
      if (palette) {
        const bit = x * bpp;
        const index = (bytes[row + (bit >> 3)]! >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        out[o] = palette[index * 3]!;
        out[o + 1] = palette[index * 3 + 1]!;
        out[o + 2] = palette[index * 3 + 2]!;
      } else {
        const value = bpp === 16 ? v.getUint16(row + 2 * x, true) : v.getUint32(row + 4 * x, true);
        for (let c = 0; c < channels; c++) out[o + c] = fields[c]!(value);
        if (channels === 4) alphaSeen |= out[o + 3]!;
      }
    }
  }
  // Some writers declare an alpha mask and leave it all zero; readers take such images as opaque.
  if (channels === 4 && alphaSeen === 0) for (let a = 3; a < out.length; a += 4) out[a] = 255;
  return { data: out, width, height, channels, bgr: whole };
}

/** A function that reads one channel from a pixel value, scaled to 0-255. */
function field(mask: number): (value: number) => number {
  if (mask === 0) return () => 255;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  if (max === 255) return (value) => (value & mask) >>> shift; // 8-bit fields, the usual case
  return (value) => Math.round((((value & mask) >>> shift) * 255) / max);
}
