/**
 * Worker-thread entry for pdfjs work (text layer and page rendering) and image
 * decoding: everything that would block the main event loop for more than a
 * few milliseconds. Started by pdf-pool.ts.
 */
import { serveTasks } from '../thread-pool.ts';
import { extractPdf } from './extract.ts';
import type { PdfProgress, PdfTask, PdfTaskResult } from './protocol.ts';
import { imageThumbnail, renderPdfPage } from './render-page.ts';

serveTasks<PdfTask, PdfTaskResult>(async (task, progress) => {
  switch (task.type) {
    case 'warm':
      return { result: null };
    case 'parse': {
      const result = await extractPdf(task.data, (done, total) =>
        progress({ done, total } satisfies PdfProgress),
      );
      return { result };
    }
    case 'render': {
      const png = await renderPdfPage(task.data, task.page, task.maxWidth);
      return { result: png, transfer: [png.buffer as ArrayBuffer] };
    }
    case 'image-thumbnail': {
      const png = await imageThumbnail(task.data, task.maxWidth);
      return { result: png, transfer: [png.buffer as ArrayBuffer] };
    }
  }
});
