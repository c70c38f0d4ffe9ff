/**
 * The resolution PDF pages are rendered at for OCR. Apart from render-for-ocr.ts so the main
 * thread can read it without loading pdfjs (pdfjs.ts).
 */
import { DocjobsError } from '../../core/errors.ts';

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

/** Pixels per point: `dpi` / 72, lowered so the page fits in `maxPixels`. */
export function ocrScale(width: number, height: number, dpi: number, maxPixels: number): number {
  if (!(dpi > 0 && maxPixels >= 1))
    throw new DocjobsError('VALIDATION_ERROR', `bad OCR render: ${dpi} dpi, ${maxPixels} px`);
  return Math.min(dpi / 72, Math.sqrt(maxPixels / (width * height)));
}
