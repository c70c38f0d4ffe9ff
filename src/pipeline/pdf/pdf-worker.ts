/**
 * Worker-thread entry for pdfjs work (text layer and page rendering) and image
 * decoding: everything that would block the main event loop for more than a
 * few milliseconds. Started by pdf-pool.ts.
 */
import { serveTasks } from '../thread-pool.ts';
import { extractDocument, extractPages, extractPdf, pdfInfo } from './extract.ts';
import { releaseSharedPdf, withSharedPdf } from './pdfjs.ts';
import {
  type ChunkProgress,
  type ChunkResult,
  type PdfProgress,
  type PdfTask,
  type PdfTaskResult,
  planChunks,
} from './protocol.ts';
import { renderForOcr } from './render-for-ocr.ts';
import { renderPdfPage } from './render-page.ts';

serveTasks<PdfTask, PdfTaskResult>(async (task, progress) => {
  // Kept documents are for chunk and OCR page tasks; any other task (a thumbnail, a whole
  // document) frees them. Else they are closed after 2 s idle or when a third document comes.
  if (task.type !== 'pages' && task.type !== 'open' && task.type !== 'render-ocr') await releaseSharedPdf();
  const page = () => progress({ type: 'page' } satisfies ChunkProgress);
  switch (task.type) {
    case 'warm':
      return { result: null };
    case 'parse': {
      const result = await extractPdf(task.data, (done, total) =>
        progress({ done, total } satisfies PdfProgress),
      );
      return { result };
    }
    case 'open': {
      const { key, data } = task.pdf;
      const result = await withSharedPdf(key, data, async (doc): Promise<ChunkResult> => {
        const chunks = planChunks(doc.numPages, task.threads, task.minPages);
        progress({ type: 'opened', total: doc.numPages, split: chunks !== null } satisfies ChunkProgress);
        if (!chunks) return { kind: 'document', result: await extractDocument(doc, page) };
        const [from, to] = chunks[0]!;
        return { kind: 'pages', pages: await extractPages(doc, from, to, page), info: await pdfInfo(doc) };
      });
      if (result.kind === 'document') await releaseSharedPdf(key);
      return { result };
    }
    case 'pages': {
      const { key, data } = task.pdf;
      const pages = await withSharedPdf(key, data, (doc) => extractPages(doc, task.from, task.to, page));
      return { result: { kind: 'pages', pages } satisfies ChunkResult };
    }
    case 'render': {
      const png = await renderPdfPage(task.data, task.page, task.maxWidth);
      return { result: png, transfer: [png.buffer as ArrayBuffer] };
    }
    case 'render-ocr': {
      const { key, data } = task.pdf;
      const page = await withSharedPdf(key, data, (doc) =>
        renderForOcr(doc, task.page, task.dpi, task.maxPixels),
      );
      return { result: page, transfer: [page.png.buffer as ArrayBuffer] };
    }
  }
});
