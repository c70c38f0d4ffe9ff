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
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
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
  /** The page's size in points as it is drawn (upright: a turned page is redacted unturned). */
  width: number;
  height: number;
  /** The source page's own rotation, given back to the new page (upright-pages.ts); 0 if none. */
  rotation: number;
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
 * The kept words, each run of them between redactions as one text, from its first word's left to
 * its last word's right (Tz stretches or narrows the standard font to that width), at the line's
 * height as its size (the parser measures a text box as ~0.8 of the size above the baseline and
 * ~0.2 below). Runs, not single words: the spaces are written, so an OCR'd line whose words stand
 * closer than its height suggests does not re-parse as one word ("Totaldue").
 */
function drawKeptWords(page: PDFPage, font: PDFFont, input: PageToRedact): void {
  const supported = new Set(font.getCharacterSet());
  // Helvetica's WinAnsi set: a character outside it is written as "?" rather than failing the page.
  const writable = (text: string) =>
    [...text].map((c) => (supported.has(c.codePointAt(0)!) ? c : '?')).join('');
  for (const [l, line] of (input.parsed.lines ?? []).entries()) {
    const size = Math.max(1, line.bbox[3] - line.bbox[1]);
    const baseline = input.height - (line.bbox[3] - 0.2 * size);
    for (const run of keptRuns(line.words, (w) => input.removed.has(`${l}:${w}`))) {
      const text = writable(run.map((word) => word.text).join(' '));
      if (text.trim() === '') continue;
      const x0 = run[0]!.bbox[0];
      const width = run.at(-1)!.bbox[2] - x0;
      const natural = font.widthOfTextAtSize(text, size);
      const scale = Math.min(1000, Math.max(10, (100 * width) / Math.max(0.1, natural)));
      page.pushOperators(PDFOperator.of(PDFOperatorNames.SetTextHorizontalScaling, [PDFNumber.of(scale)]));
      page.drawText(text, { x: x0, y: baseline, size, font });
    }
  }
}

/** The words in runs of kept ones, a removed word ending a run. */
function keptRuns<T>(words: readonly T[], removed: (index: number) => boolean): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  for (const [w, word] of words.entries()) {
    if (removed(w)) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(word);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
