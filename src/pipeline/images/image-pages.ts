/**
 * The pages of an image file as OCR input: upright (EXIF orientation applied), on white,
 * 8-bit grayscale, at most MAX_SIDE pixels on the long side, as PNG. A TIFF gives every page;
 * GIF and WebP only their first frame (an animation is not a document).
 *
 * Memory stays bounded by one page: each page is opened on its own (sharp's `page` option) and
 * its size read from the header before any pixel is decoded, so a decompression bomb is refused
 * at the cost of reading its header.
 */

import type { Sharp } from 'sharp';
import { DocjobsError, type ErrorCode, permanent } from '../../core/errors.ts';
import type { ImageKind } from '../types.ts';
import { decodeBmp, readBmpLayout } from './bmp.ts';
import { loadSharp } from './sharp-settings.ts';

export interface PageImage {
  /** PNG, 8-bit grayscale. */
  data: Uint8Array;
  width: number;
  height: number;
}

export type PageImageResult =
  | { page: number; image: PageImage }
  | { page: number; error: { code: ErrorCode; message: string } };

export interface ImageLimits {
  /** Pixels (width × height) of a page, checked from its header. */
  maxPixels?: number;
  /** Pages of a TIFF: each decoded page is kept, so a fax of 10 000 blank pages is refused. */
  maxPages?: number;
}

/**
 * A 600-dpi A3 scan is 70 megapixels, so 100 leaves room for real documents. The limit is on
 * time more than memory: sharp shrinks a page before it turns it, so a 100-megapixel JPEG or
 * PNG raised peak RSS by only ~60 MB, but took 1.3-2.6 s (more when EXIF turns it). A 30000 ×
 * 30000 PNG of a few hundred bytes asks for 900 megapixels and is refused from its header.
 */
export const defaultMaxPixels = 100_000_000;
export const defaultMaxPages = 1000;

/**
 * Longest side of a page image. Tesseract reads best at ~300 dpi (x-height 20-30 px) and gains
 * nothing past ~400, while its time grows with the pixel count: 4200 px is 380 dpi for a
 * letter page, 360 for A4, so a 600-dpi scan (5100 × 6600) comes out at 3245 × 4200; and a
 * 12-megapixel phone photo (4032 × 3024) passes untouched, not resampled by 4 %.
 */
export const MAX_SIDE = 4200;

/**
 * 'error' refuses truncated files (a JPEG cut in half would otherwise come out with grey rows,
 * a PNG short of its last bytes), but reads files whose only fault is a decoder warning: a
 * JPEG with a stray restart marker ("Corrupt JPEG data: premature end of data segment") has
 * one band of blocks wrong and the rest readable. sharp's default, 'warning', refuses it.
 */
const failOn = 'error';

export async function imagePages(
  bytes: Uint8Array,
  kind: ImageKind,
  limits: ImageLimits = {},
): Promise<PageImageResult[]> {
  const maxPixels = limits.maxPixels ?? defaultMaxPixels;
  if (bytes.byteLength === 0) throw permanent('PARSE_ERROR', 'the file is empty');
  if (kind === 'bmp') return [{ page: 1, image: await bmpPage(bytes, maxPixels) }];
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = await pageCount(bytes, kind);
  const maxPages = limits.maxPages ?? defaultMaxPages;
  if (count > maxPages) {
    throw permanent('IMAGE_TOO_LARGE', `the file has ${count} pages, more than the ${maxPages} we read`);
  }
  // A page that fails alone is reported alone; a file whose every page fails is a failed file.
  const results: PageImageResult[] = [];
  let firstError: DocjobsError | null = null;
  for (let k = 0; k < count; k++) {
    try {
      results.push({ page: k + 1, image: await decodePage(input, k, maxPixels) });
    } catch (error) {
      const failure = asDocjobsError(error);
      if (count === 1) throw failure;
      firstError ??= failure;
      results.push({ page: k + 1, error: { code: failure.code, message: failure.message } });
    }
  }
  if (firstError && results.every((r) => 'error' in r)) throw firstError;
  return results;
}

async function header(input: Buffer, page: number) {
  try {
    // No pixel limit here: metadata() would apply sharp's own (268 megapixels) and say only
    // "exceeds pixel limit"; checkPixels says by how much.
    const sharp = await loadSharp();
    return await sharp(input, { page, failOn, limitInputPixels: false }).metadata();
  } catch (error) {
    throw permanent('PARSE_ERROR', `cannot read the image: ${firstLine(error)}`, error);
  }
}

async function decodePage(input: Buffer, page: number, maxPixels: number): Promise<PageImage> {
  const { image, source } = await openPage(input, 'tiff', page, maxPixels);
  return toPageImage(image, source);
}

async function bmpPage(bytes: Uint8Array, maxPixels: number): Promise<PageImage> {
  const { image, source } = await openPage(bytes, 'bmp', 0, maxPixels);
  return toPageImage(image, source);
}

/**
 * Page `page` (0-based) of an image file, opened for decoding once its size passed the pixel
 * limit. Upright (EXIF applied); BMP pixels come raw, in the file's blue-green-red order.
 */
export async function openPage(bytes: Uint8Array, kind: ImageKind, page: number, maxPixels: number) {
  const sharp = await loadSharp();
  if (kind === 'bmp') {
    const layout = readBmpLayout(bytes);
    checkPixels(layout.width, layout.height, maxPixels);
    const { data, width, height, channels, bgr } = decodeBmp(bytes, layout);
    const image = sharp(data, { raw: { width, height, channels } });
    return { image, source: { width, height, dpi: layout.dpi, bgr } as Source };
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { width, height, density } = await header(input, page);
  if (!width || !height) throw permanent('PARSE_ERROR', 'the image has no size in its header');
  checkPixels(width, height, maxPixels);
  // limitInputPixels again: sharp's own check of the same header, should ours ever be skipped.
  const image = sharp(input, { page, pages: 1, failOn, limitInputPixels: maxPixels, autoOrient: true });
  return { image, source: { width, height, dpi: density } as Source };
}

/** Pages of the file: a TIFF's from its header, one for every other kind. */
export async function pageCount(bytes: Uint8Array, kind: ImageKind): Promise<number> {
  if (kind !== 'tiff') return 1;
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (await header(input, 0)).pages ?? 1;
}

/** Blue-green-red to red-green-blue: it matters, grey weighs blue 0.07 and red 0.21. */
export const swapRedBlue: [[number, number, number], [number, number, number], [number, number, number]] = [
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
];

interface Source {
  width: number;
  height: number;
  dpi: number | undefined;
  /** Raw BMP pixels, in the file's blue-green-red order. */
  bgr?: boolean;
}

/**
 * Flattened on white (transparent scans read as black otherwise), grey, capped, PNG. The
 * source's dpi is kept, scaled as the page is: tesseract takes it as the size of the text
 * (a 600-dpi scan cut to 4200 px is 380 dpi); sharp would keep 600, or write 25 for none.
 */
async function toPageImage(image: Sharp, source: Source): Promise<PageImage> {
  const shrink = Math.min(1, MAX_SIDE / Math.max(source.width, source.height));
  if (source.dpi) image.withDensity(Math.max(1, Math.round(source.dpi * shrink)));
  image.flatten({ background: '#ffffff' });
  // sharp turns an image grey before it resizes it, so the resize works on one band, not three;
  // but also before it recombines bands, so BGR pixels turn grey only at the output.
  if (source.bgr) image.recomb(swapRedBlue);
  else image.greyscale();
  try {
    return await greyPng(
      image.resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true }),
    );
  } catch (error) {
    throw asDocjobsError(error);
  }
}

/** What a pipeline draws, as a PageImage: 8-bit grey PNG. */
export async function greyPng(image: Sharp): Promise<PageImage> {
  const { data, info } = await image
    .toColourspace('b-w') // else the PNG is written as sRGB again, three identical bands
    .png()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  const mp = (n: number) => `${+(n / 1e6).toPrecision(3)} megapixels`;
  throw permanent(
    'IMAGE_TOO_LARGE',
    `the image is ${width} × ${height} pixels (${mp(width * height)}), more than the ${mp(maxPixels)} we decode`,
  );
}

function asDocjobsError(error: unknown): DocjobsError {
  if (error instanceof DocjobsError) return error;
  if (/pixel limit/i.test(firstLine(error))) return permanent('IMAGE_TOO_LARGE', firstLine(error), error);
  // failOn turns a cut file or damaged pixel data into an error here: the header was fine.
  return permanent('PARSE_ERROR', `the image is truncated or corrupt (${firstLine(error)})`, error);
}

const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split('\n')[0]!
    .slice(0, 200);
