/**
 * The process-wide pool that runs pdf-worker.ts, and the main-thread entry
 * points to it. Created on first use; `closePdfPool()` for shutdown and tests.
 */
import type { PageImage } from '../images/image-pages.ts';
import { ThreadPool } from '../thread-pool.ts';
import type { PdfParseResult } from './extract.ts';
import { maxOcrPixels, type OcrRender } from './ocr-resolution.ts';
import { parseInChunks } from './parallel-parse.ts';
import type { PdfProgress, PdfTask, PdfTaskResult, SharedPdf } from './protocol.ts';

let pool: ThreadPool<PdfTask, PdfTaskResult> | null = null;
let configured: { size?: number; maxHeapMb?: number } = {};

/** Call before first use to size the pool (default: min(2, cores)). */
export function configurePdfPool(options: { size?: number; maxHeapMb?: number }): void {
  configured = options;
}

export function pdfPool(): ThreadPool<PdfTask, PdfTaskResult> {
  pool ??= new ThreadPool<PdfTask, PdfTaskResult>({
    workerUrl: new URL('./pdf-worker.ts', import.meta.url),
    // 1 GiB: a 500-page PDF with big fonts peaked at ~400 MB in pdfjs.
    maxHeapMb: 1024,
    ...configured,
  });
  return pool;
}

/** Start every thread of the pool now, so the first documents do not wait for pdfjs to load. */
export async function warmPdfPool(): Promise<void> {
  const pool = pdfPool();
  const signal = new AbortController().signal;
  await Promise.all(Array.from({ length: pool.size }, () => pool.run({ type: 'warm' }, { signal })));
}

export async function closePdfPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/**
 * Copies the bytes into a fresh ArrayBuffer and transfers that: transferring
 * the caller's own buffer would detach it (and a Buffer from the shared pool
 * would detach its neighbours). A copy costs ~1 ms per 10 MB.
 */
function owned(bytes: Uint8Array): { data: Uint8Array; transfer: ArrayBuffer[] } {
  // Not bytes.slice(): on a Buffer that is a view of the same memory, not a copy.
  const data = new Uint8Array(bytes.byteLength);
  data.set(bytes);
  return { data, transfer: [data.buffer] };
}

/**
 * How a PDF is spread over the pool: 'auto' splits documents of at least
 * SPLIT_MIN_PAGES pages into chunks when another thread than the one this
 * document takes is idle — splitting costs ~20 % more CPU (each thread loads
 * the fonts it meets), which pays only when a core would otherwise wait;
 * 'on' splits any document of 2 pages or more (tests), 'off' never splits.
 */
export type PdfChunking = 'auto' | 'on' | 'off';

/**
 * Below this a document is one task: splitting a 3-page document saves at
 * most a page's time (~15 ms) and costs a second load of its fonts.
 */
const SPLIT_MIN_PAGES = 4;

export async function parsePdfInWorker(
  bytes: Uint8Array,
  signal: AbortSignal,
  onProgress?: (done: number, total: number) => void,
  chunking: PdfChunking = 'auto',
): Promise<PdfParseResult> {
  const pool = pdfPool();
  if (chunking === 'on' || (chunking === 'auto' && pool.idleThreads > 1))
    return parseInChunks(pool, bytes, signal, onProgress, chunking === 'on' ? 2 : SPLIT_MIN_PAGES);
  const { data, transfer } = owned(bytes);
  const result = await pool.run(
    { type: 'parse', data },
    {
      signal,
      transfer,
      onProgress: (p) => onProgress?.((p as PdfProgress).done, (p as PdfProgress).total),
    },
  );
  return result as PdfParseResult;
}

export async function renderPdfInWorker(
  bytes: Uint8Array,
  page: number,
  maxWidth: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const { data, transfer } = owned(bytes);
  return (await pdfPool().run({ type: 'render', data, page, maxWidth }, { signal, transfer })) as Uint8Array;
}

/**
 * Page `page` of `pdf` as OCR input, in 8-bit grey at `dpi` (lowered to fit `maxPixels`);
 * `scale` is pixels per PDF point. Render every page of a document through the same SharedPdf
 * (protocol.ts `sharedPdfOf`): the thread that reads it keeps it open for the next page. Nothing
 * to close afterwards: a thread frees a kept document after 2 s idle, when a third one arrives,
 * or when it gets a task of another kind (pdfjs.ts).
 */
export async function renderPdfPageForOcr(
  pdf: SharedPdf,
  page: number,
  dpi: number,
  signal: AbortSignal,
  maxPixels: number = maxOcrPixels,
): Promise<{ image: PageImage; scale: number }> {
  const task: PdfTask = { type: 'render-ocr', pdf, page, dpi, maxPixels };
  const { png, width, height, scale } = (await pdfPool().run(task, { signal })) as OcrRender;
  return { image: { data: png, width, height }, scale };
}
