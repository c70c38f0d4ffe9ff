/**
 * PDF pages rendered for OCR (worker side only: it loads pdfjs): at a given dpi, on white, as
 * an 8-bit grayscale PNG, with the scale that turns its pixels back into PDF points.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { encodeGrayPng } from '../images/gray-png.ts';
import { type OcrRender, ocrScale } from './ocr-resolution.ts';
import { drawPage } from './render-page.ts';

export async function renderForOcr(
  doc: PDFDocumentProxy,
  pageNumber: number,
  dpi: number,
  maxPixels: number,
): Promise<OcrRender> {
  return drawPage(
    doc,
    pageNumber,
    (width, height) => ocrScale(width, height, dpi, maxPixels),
    (target, { width, height, scale }) => {
      const png = encodeGrayPng(toGray(target.canvas.data()), width, height, scale * 72);
      return { png, width, height, scale };
    },
  );
}

/** RGBA (opaque: the canvas was filled white) to grey with the Rec. 601 weights, in 8-bit fixed point. */
function toGray(rgba: Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgba.length / 4);
  for (let p = 0, q = 0; q < gray.length; p += 4, q++) {
    gray[q] = (rgba[p]! * 77 + rgba[p + 1]! * 150 + rgba[p + 2]! * 29 + 128) >> 8;
  }
  return gray;
}
