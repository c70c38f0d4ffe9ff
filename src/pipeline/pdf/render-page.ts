/** Page rasterising (worker side): pdfjs draws on @napi-rs/canvas. */
import { DocjobsError } from '../../core/errors.ts';
import { withPdf } from './pdfjs.ts';

interface CanvasAndContext {
  canvas: { encode(format: 'png'): Promise<Uint8Array> };
  context: unknown;
}

export async function renderPdfPage(
  data: Uint8Array,
  pageNumber: number,
  maxWidth: number,
): Promise<Uint8Array> {
  return withPdf(data, async (doc) => {
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > doc.numPages) {
      throw new DocjobsError(
        'NOT_FOUND',
        `page ${pageNumber} does not exist (the document has ${doc.numPages})`,
      );
    }
    const page = await doc.getPage(pageNumber);
    try {
      const scale = maxWidth / page.getViewport({ scale: 1 }).width;
      const viewport = page.getViewport({ scale });
      // The document's own canvas factory is pdfjs' NodeCanvasFactory, which creates @napi-rs/canvas
      // canvases; using it keeps pdfjs' scratch canvases (patterns, masks) of the same kind.
      const factory = doc.canvasFactory as {
        create(w: number, h: number): CanvasAndContext;
        destroy(c: CanvasAndContext): void;
      };
      const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      try {
        const ctx = target.context as {
          fillStyle: string;
          fillRect(x: number, y: number, w: number, h: number): void;
        };
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height));
        await page.render({ canvas: null, canvasContext: target.context as never, viewport }).promise;
        return new Uint8Array(await target.canvas.encode('png'));
      } finally {
        factory.destroy(target);
      }
    } finally {
      page.cleanup();
    }
  });
}
