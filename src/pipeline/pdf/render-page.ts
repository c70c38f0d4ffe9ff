/** Page rasterising (worker side): pdfjs draws on @napi-rs/canvas. */

import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DocjobsError } from '../../core/errors.ts';
import { withPdf } from './pdfjs.ts';

/** pdfjs' NodeCanvasFactory creates @napi-rs/canvas canvases. */
export interface CanvasAndContext {
  canvas: { encode(format: 'png'): Promise<Uint8Array>; data(): Uint8Array };
  context: { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
}

/**
 * Draws page `pageNumber` on white at the scale `scaleOf` picks from its size in points (after
 * its /Rotate), and hands the canvas to `use` before it is freed.
 */
export async function drawPage<T>(
  doc: PDFDocumentProxy,
  pageNumber: number,
  scaleOf: (width: number, height: number) => number,
  use: (target: CanvasAndContext, size: { width: number; height: number; scale: number }) => Promise<T> | T,
): Promise<T> {
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > doc.numPages) {
    throw new DocjobsError(
      'NOT_FOUND',
      `page ${pageNumber} does not exist (the document has ${doc.numPages})`,
    );
  }
  const page = await doc.getPage(pageNumber);
  try {
    const points = page.getViewport({ scale: 1 });
    const scale = scaleOf(points.width, points.height);
    const viewport = page.getViewport({ scale });
    const width = whole(viewport.width);
    const height = whole(viewport.height);
    // The document's own canvas factory is pdfjs' NodeCanvasFactory; using it keeps pdfjs'
    // scratch canvases (patterns, masks) of the same kind.
    const factory = doc.canvasFactory as {
      create(w: number, h: number): CanvasAndContext;
      destroy(c: CanvasAndContext): void;
    };
    const target = factory.create(width, height);
    try {
      target.context.fillStyle = '#ffffff'; // pages without a background are transparent
      target.context.fillRect(0, 0, width, height);
      await page.render({ canvas: null, canvasContext: target.context as never, viewport }).promise;
      return await use(target, { width, height, scale });
    } finally {
      factory.destroy(target);
    }
  } finally {
    page.cleanup();
  }
}

/**
 * Rounds down, so width × height stays within a limit, but forgives float noise either way
 * (792 × (300 / 72) is 3300.0000000000005): a page of whole inches gets whole pixels.
 */
const whole = (n: number) => Math.max(1, Math.floor(n + 1e-6));

export async function renderPdfPage(
  data: Uint8Array,
  pageNumber: number,
  maxWidth: number,
): Promise<Uint8Array> {
  return withPdf(data, (doc) =>
    drawPage(
      doc,
      pageNumber,
      (width) => maxWidth / width,
      async (target) => new Uint8Array(await target.canvas.encode('png')),
    ),
  );
}
