/**
 * Images: one page with no text (OCR fills it in a later stage). Width and
 * height come from the file header: decoding the pixels just to learn the
 * size would cost ~100 ms for a phone photo.
 */
import type { FileKind, ParsedDocument } from './types.ts';

export function parseImage(bytes: Uint8Array, kind: FileKind, mimeType: string): ParsedDocument {
  const size = imageSize(bytes, kind);
  return {
    metadata: { pages: 1, fileType: kind, mimeType, title: null, author: null },
    pages: [
      {
        page: 1,
        width: size?.width ?? null,
        height: size?.height ?? null,
        text: '',
        markdown: '',
        textLayer: false,
        source: 'none',
        blocks: [],
      },
    ],
    text: '',
    markdown: '',
  };
}

/** Pixel dimensions from the header, or null when the header is not understood. */
export function imageSize(bytes: Uint8Array, kind: FileKind): { width: number; height: number } | null {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ok = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);
  try {
    switch (kind) {
      case 'png': // IHDR is always the first chunk
        return ok(v.getUint32(16), v.getUint32(20));
      case 'gif':
        return ok(v.getUint16(6, true), v.getUint16(8, true));
      case 'bmp': // height is negative for top-down bitmaps
        return ok(v.getInt32(18, true), Math.abs(v.getInt32(22, true)));
      case 'webp':
        return webpSize(bytes, v);
      case 'jpeg':
        return jpegSize(v);
      case 'tiff':
        return tiffSize(v);
      default:
        return null;
    }
  } catch {
    return null; // RangeError on a truncated header
  }
}

function webpSize(bytes: Uint8Array, v: DataView) {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8 ')
    return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L') {
    const b = v.getUint32(21, true);
    return { width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const w = v.getUint16(24, true) | (v.getUint8(26) << 16);
    const h = v.getUint16(27, true) | (v.getUint8(29) << 16);
    return { width: w + 1, height: h + 1 };
  }
  return null;
}

/** Walks the marker segments to the first SOFn frame header. */
function jpegSize(v: DataView) {
  let p = 2;
  while (p + 9 < v.byteLength) {
    if (v.getUint8(p) !== 0xff) return null;
    const marker = v.getUint8(p + 1);
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    const length = v.getUint16(p + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { width: v.getUint16(p + 7), height: v.getUint16(p + 5) };
    p += 2 + length;
  }
  return null;
}

/** First IFD's ImageWidth (256) and ImageLength (257) tags. */
function tiffSize(v: DataView) {
  const little = v.getUint16(0) === 0x4949;
  let p = v.getUint32(4, little);
  const count = v.getUint16(p, little);
  let width = 0;
  let height = 0;
  p += 2;
  for (let k = 0; k < count; k++, p += 12) {
    const tag = v.getUint16(p, little);
    const type = v.getUint16(p + 2, little);
    const value = type === 3 ? v.getUint16(p + 8, little) : v.getUint32(p + 8, little);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return width > 0 && height > 0 ? { width, height } : null;
}
