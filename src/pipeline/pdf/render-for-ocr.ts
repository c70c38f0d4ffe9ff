/**
 * PDF pages rendered for OCR (worker side): at a given dpi, on white, as an 8-bit grayscale
 * PNG, with the scale that turns its pixels back into PDF points.
 *
 * pdfjs is imported for its types only: pdf-pool.ts, on the main thread, imports the
 * constants below, and the main thread must never load pdfjs (pdfjs.ts).
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DocjobsError } from '../../core/errors.ts';
import { encodeGrayPng } from '../images/gray-png.ts';

/**
 * Tesseract is trained on and reads best at ~300 dpi; premium goes to 400 for small print
 * (6-8 pt footnotes, receipts), where the extra pixels still help.
 */
export const ocrDpi = { standard: 300, premium: 400 } as const;

/**
 * Pixels of a rendered page. Letter and A4 at 400 dpi (15.0 and 15.5 megapixels) and A3 at
 * 300 (17.4) fit; larger sheets (A3 at 400 would be 31) are rendered at a lower dpi. One
 * page then costs at most 72 MB of RGBA canvas in the worker and 18 MB of grey, and stays
 * near the 4200-px cap of image files (images/image-pages.ts, 17.6 megapixels).
 */
export const maxOcrPixels = 18_000_000;

export interface OcrRender {
  /** PNG, 8-bit grayscale. */
  png: Uint8Array;
  width: number;
  height: number;
  /** Pixels per PDF point: dpi / 72, or less when the page was too large. */
  scale: number;
}

/** pdfjs' NodeCanvasFactory creates @napi-rs/canvas canvases (see render-page.ts). */
interface CanvasAndContext {
  canvas: { data(): Uint8Array };
  context: { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
}

export async function renderForOcr(
  doc: PDFDocumentProxy,
  pageNumber: number,
  dpi: number,
  maxPixels: number,
): Promise<OcrRender> {
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > doc.numPages) {
    throw new DocjobsError(
      'NOT_FOUND',
      `page ${pageNumber} does not exist (the document has ${doc.numPages})`,
    );
  }
  const page = await doc.getPage(pageNumber);
  try {
    const points = page.getViewport({ scale: 1 }); // after the page's /Rotate
    const scale = ocrScale(points.width, points.height, dpi, maxPixels);
    const viewport = page.getViewport({ scale });
    const width = whole(viewport.width);
    const height = whole(viewport.height);
    const factory = doc.canvasFactory as {
      create(w: number, h: number): CanvasAndContext;
      destroy(c: CanvasAndContext): void;
    };
    const target = factory.create(width, height);
    try {
      target.context.fillStyle = '#ffffff'; // pages without a background are transparent
      target.context.fillRect(0, 0, width, height);
      await page.render({ canvas: null, canvasContext: target.context as never, viewport }).promise;
      const png = encodeGrayPng(toGray(target.canvas.data()), width, height, scale * 72);
      return { png, width, height, scale };
    } finally {
      factory.destroy(target);
    }
  } finally {
    page.cleanup();
  }
}

/** Pixels per point: `dpi` / 72, lowered so the page fits in `maxPixels`. */
export function ocrScale(width: number, height: number, dpi: number, maxPixels: number): number {
  if (!(dpi > 0 && maxPixels >= 1))
    throw new DocjobsError('VALIDATION_ERROR', `bad OCR render: ${dpi} dpi, ${maxPixels} px`);
  return Math.min(dpi / 72, Math.sqrt(maxPixels / (width * height)));
}

/**
 * Rounds down, so width × height stays within the limit, but forgives float noise either way
 * (792 × (300 / 72) is 3300.0000000000005): a page of whole inches gets whole pixels.
 */
const whole = (n: number) => Math.max(1, Math.floor(n + 1e-6));

/** RGBA (opaque: the canvas was filled white) to grey with the Rec. 601 weights, in 8-bit fixed point. */
function toGray(rgba: Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgba.length / 4);
  for (let p = 0, q = 0; q < gray.length; p += 4, q++) {
    gray[q] = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29 + 128) >> 8;
  }
  return gray;
}
