/**
 * Images of known text for OCR tests, made without system fonts: the lines are set in
 * Helvetica in a generated PDF (testing/fixtures.ts), rendered by our own pdfjs path, then
 * cropped, spoilt and encoded with sharp (BMP by hand: sharp cannot write it).
 */

import { renderPdfPage } from '../../pdf/render-page.ts';
import { makePdf } from '../../testing/fixtures.ts';
import { loadSharp } from '../sharp-settings.ts';
import { encodeBmp } from './bmp-writer.ts';

const sharp = await loadSharp();

export { breakTiffPage, multiPageTiff } from './tiff-pages.ts';

export interface TextImageOptions {
  /** Image width in pixels (before `rotate`): text is left-aligned and cut at the edge. Default: the text's width plus margins. */
  width?: number;
  /** Font size in pixels (the em, ~1.4 × the height of a capital). Default 32. */
  fontSize?: number;
  /** Clockwise turn of the pixels: the text then reads sideways or upside down. */
  rotate?: 0 | 90 | 180 | 270;
  format?: 'png' | 'jpeg' | 'tiff' | 'webp' | 'bmp';
  /** Grain, speckles and a slight blur, like a poor scan; seeded, so the same on every run. */
  noise?: boolean;
  /**
   * EXIF Orientation (1-8): the pixels are stored turned so that a reader that applies the
   * tag shows the text upright, as a phone camera does. Not for BMP, which has no EXIF.
   */
  exifOrientation?: number;
}

interface Gray {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Points: the PDF's font size, line pitch and margin. The page is rendered at fontSize / FONT px per point. */
const FONT = 10;
const PITCH = 14;
const MARGIN = 10;

export async function textImage(lines: string[], options: TextImageOptions = {}): Promise<Uint8Array> {
  const { fontSize = 32, format = 'png', rotate = 0, exifOrientation } = options;
  if (lines.length > Math.floor((792 - 2 * MARGIN) / PITCH)) throw new Error('too many lines for one page');
  if (exifOrientation !== undefined && format === 'bmp') throw new Error('BMP has no EXIF orientation');
  const scale = fontSize / FONT;
  const key = JSON.stringify([lines, fontSize]);
  if (!typeset.has(key)) typeset.set(key, typesetLines(lines, scale));
  let image = await typeset.get(key)!;
  if (options.width !== undefined) image = await toWidth(image, options.width);
  if (options.noise) image = await spoil(image);
  if (rotate) image = await gray(fromGray(image).rotate(rotate));
  if (exifOrientation !== undefined) image = await storeTurned(image, exifOrientation);
  // The dpi the text was set at, so tesseract knows its size (without it sharp writes 25 dpi).
  const dpi = Math.round(72 * scale);
  if (format === 'bmp') return encodeBmp(image, { dpi });
  let out = fromGray(image).toColourspace('b-w').withDensity(dpi);
  if (exifOrientation !== undefined) out = out.withMetadata({ orientation: exifOrientation });
  const encoded =
    format === 'png'
      ? out.png()
      : format === 'jpeg'
        ? out.jpeg({ quality: 90 })
        : format === 'webp'
          ? out.webp({ quality: 90 })
          : out.tiff({ compression: 'lzw' }); // sharp's default, JPEG-in-TIFF, is not what scanners write
  return new Uint8Array(await encoded.toBuffer());
}

/**
 * Lines already set, by lines and font size: rendering a page and trimming it is ~0.5 s, and
 * tests ask for the same lines in many formats and orientations.
 */
const typeset = new Map<string, Promise<Gray>>();

/** The lines rendered, cropped to the text, with a margin of one MARGIN all round. */
async function typesetLines(lines: string[], scale: number): Promise<Gray> {
  const pdf = makePdf([{ lines: lines.map((text, k) => [FONT, MARGIN, MARGIN + FONT + k * PITCH, text]) }]);
  const page = await renderPdfPage(pdf, 1, Math.round(612 * scale));
  const { width = 0, height = 0 } = await sharp(page).metadata();
  // The band the lines can reach (descenders included) first: sharp trims before it extracts.
  const band = Math.min(height, Math.ceil((2 * MARGIN + lines.length * PITCH) * scale));
  const text = await gray(sharp(page).extract({ left: 0, top: 0, width, height: band }));
  const margin = Math.round(MARGIN * scale);
  return gray(
    fromGray(text)
      .trim({ background: '#ffffff', threshold: 10 })
      .extend({ top: margin, bottom: margin, left: margin, right: margin, background: '#ffffff' }),
  );
}

async function gray(image: ReturnType<typeof sharp>): Promise<Gray> {
  const { data, info } = await image.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

const fromGray = (image: Gray) =>
  sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });

async function toWidth(image: Gray, width: number): Promise<Gray> {
  if (width <= image.width)
    return gray(fromGray(image).extract({ left: 0, top: 0, width, height: image.height }));
  const right = width - image.width;
  return gray(fromGray(image).extend({ right, background: '#ffffff' }));
}

/** Grain (±24 levels), 1 % speckles of either colour, then a blur of about a pixel. */
async function spoil(image: Gray): Promise<Gray> {
  const random = mulberry32(20240102);
  const data = new Uint8Array(image.data);
  for (let k = 0; k < data.length; k++) {
    const r = random();
    if (r < 0.005) data[k] = 0;
    else if (r < 0.01) data[k] = 255;
    else data[k] = Math.min(255, Math.max(0, data[k]! + Math.round((random() - 0.5) * 48)));
  }
  return gray(fromGray({ ...image, data }).blur(0.8));
}

/**
 * The inverse of what orientation `tag` asks a reader to do, applied one step at a time
 * (sharp orders the operations of one pipeline its own way). 5 and 7 are their own inverse.
 */
async function storeTurned(image: Gray, tag: number): Promise<Gray> {
  const steps: Record<number, ((s: ReturnType<typeof sharp>) => ReturnType<typeof sharp>)[]> = {
    1: [],
    2: [(s) => s.flop()],
    3: [(s) => s.rotate(180)],
    4: [(s) => s.flip()],
    5: [(s) => s.rotate(90), (s) => s.flop()], // transpose
    6: [(s) => s.rotate(270)],
    7: [(s) => s.rotate(270), (s) => s.flop()], // transverse
    8: [(s) => s.rotate(90)],
  };
  const todo = steps[tag];
  if (!todo) throw new Error(`EXIF orientation must be 1-8, not ${tag}`);
  for (const step of todo) image = await gray(step(fromGray(image)));
  return image;
}

/** A small seeded PRNG: noise that is the same on every run keeps OCR tests repeatable. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
