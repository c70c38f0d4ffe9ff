/**
 * A redacted page, made anew: the source page rasterised at 150 dpi with the boxes painted black
 * into its pixels (so an image under a box is gone too, not just covered), and an invisible text
 * layer (rendering mode 3, as OCR tools write it) of the words kept, each at its box, so the page
 * stays searchable and re-parses to the same text minus what was redacted. pdf-lib cannot rewrite
 * a content stream's text operators, and mupdf, which can, is AGPL (issue 19 allows this way).
 */
import {
  type PDFDocument,
  type PDFFont,
  type PDFPage,
  setTextRenderingMode,
  TextRenderingMode,
} from 'pdf-lib';
import { renderPdfInWorker } from '../pdf/pdf-pool.ts';
import type { BoundingBox, ParsedPage } from '../types.ts';

/** Enough for OCR by whoever reads the page next, at ~150-300 kB a page as JPEG. */
export const redactionDpi = 150;
const jpegQuality = 90;

export interface PageToRedact {
  bytes: Uint8Array;
  page: number;
  /** The page's size in points as it is shown (after its own rotation). */
  width: number;
  height: number;
  parsed: ParsedPage;
  removed: ReadonlySet<string>;
  boxes: readonly BoundingBox[];
}

/** Adds the redacted page to `out`, over its painted raster (paintedRaster), and returns it. */
export async function placeRedactedPage(
  out: PDFDocument,
  font: PDFFont,
  input: PageToRedact,
  jpeg: Uint8Array,
): Promise<PDFPage> {
  const page = out.addPage([input.width, input.height]);
  page.drawImage(await out.embedJpg(jpeg), { x: 0, y: 0, width: input.width, height: input.height });
  page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
  drawKeptWords(page, font, input);
  return page;
}

/** The page at 150 dpi with the boxes painted into its pixels, as a JPEG. */
export async function paintedRaster(input: PageToRedact, signal: AbortSignal): Promise<Uint8Array> {
  const widthPx = Math.round((input.width * redactionDpi) / 72);
  const png = await renderPdfInWorker(input.bytes, input.page, widthPx, signal);
  // Loaded on the first redaction, not at start (~20 MB of RSS a server may never need).
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const sx = image.width / input.width;
  const sy = image.height / input.height;
  ctx.fillStyle = '#000000';
  for (const [x0, y0, x1, y1] of input.boxes) {
    // Whole pixels outward: a half-covered pixel would keep a trace of the glyph's edge.
    const left = Math.floor(x0 * sx);
    const top = Math.floor(y0 * sy);
    ctx.fillRect(left, top, Math.ceil(x1 * sx) - left, Math.ceil(y1 * sy) - top);
  }
  return new Uint8Array(await canvas.encode('jpeg', jpegQuality));
}

/**
 * Each kept word at its box, in a size that fills the line's height (the parser measures a text
 * box as ~0.8 of the size above the baseline and ~0.2 below), narrowed when the standard font is
 * wider than the word was.
 */
function drawKeptWords(page: PDFPage, font: PDFFont, input: PageToRedact): void {
  const supported = new Set(font.getCharacterSet());
  for (const [l, line] of (input.parsed.lines ?? []).entries()) {
    const lineHeight = Math.max(1, line.bbox[3] - line.bbox[1]);
    line.words.forEach((word, w) => {
      if (input.removed.has(`${l}:${w}`)) return;
      // Helvetica's WinAnsi set: a character outside it is written as "?" rather than failing the page.
      const text = [...word.text].map((c) => (supported.has(c.codePointAt(0)!) ? c : '?')).join('');
      if (text.trim() === '') return;
      const [x0, , x1, y1] = word.bbox;
      const natural = font.widthOfTextAtSize(text, lineHeight);
      const size = natural > (x1 - x0) * 1.05 ? (lineHeight * (x1 - x0)) / natural : lineHeight;
      const baseline = input.height - (line.bbox[3] - 0.2 * lineHeight);
      page.drawText(text, { x: x0, y: Number.isFinite(baseline) ? baseline : input.height - y1, size, font });
    });
  }
}
