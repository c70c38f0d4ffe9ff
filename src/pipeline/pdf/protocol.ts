/** Messages between the main thread and pdf-worker.ts, and how a document is split into chunks. */
import { randomUUID } from 'node:crypto';
import type { PageLayout } from './assemble.ts';
import type { PdfInfo, PdfParseResult } from './extract.ts';
import type { OcrRender } from './ocr-resolution.ts';

/**
 * A PDF that several tasks read: one copy of the bytes in a SharedArrayBuffer
 * instead of one per task; each thread copies it once more for pdfjs (which
 * transfers its input and cannot take shared memory), ~0.1 ms per MB.
 */
export interface SharedPdf {
  /** Names this parse: a thread keeps the document open between chunks of the same key. */
  key: string;
  data: Uint8Array;
}

/** One shared copy of `bytes` under a fresh key, for every task that reads this document. */
export function sharedPdfOf(bytes: Uint8Array): SharedPdf {
  const data = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  data.set(bytes);
  return { key: randomUUID(), data };
}

export type PdfTask =
  /** Starts a thread and loads pdfjs (~400 ms) before the first document needs it. */
  | { type: 'warm' }
  /** The whole document in one task (bytes transferred). */
  | { type: 'parse'; data: Uint8Array }
  /**
   * Opens the document and reports its page count ('opened'); then parses it
   * whole when planChunks gives no chunks, else only the first chunk.
   */
  | { type: 'open'; pdf: SharedPdf; threads: number; minPages: number }
  /** Pages from..to (1-based, inclusive) of a document an 'open' task split. */
  | { type: 'pages'; pdf: SharedPdf; from: number; to: number }
  | { type: 'render'; data: Uint8Array; page: number; maxWidth: number }
  /**
   * One page as OCR input: at `dpi`, lowered to fit `maxPixels`. Keeps the document open like
   * 'pages' does, so the pages of one document do not each open it again.
   */
  | { type: 'render-ocr'; pdf: SharedPdf; page: number; dpi: number; maxPixels: number };

export type ChunkResult =
  | { kind: 'document'; result: PdfParseResult }
  /** `info` comes with the first chunk only. */
  | { kind: 'pages'; pages: PageLayout[]; info?: PdfInfo };

export type PdfTaskResult = PdfParseResult | ChunkResult | OcrRender | Uint8Array | null;

/** Progress of a 'parse' task. */
export interface PdfProgress {
  done: number;
  total: number;
}

/** Progress of 'open' and 'pages' tasks: the page count once, then one message per page done. */
export type ChunkProgress = { type: 'opened'; total: number; split: boolean } | { type: 'page' };

/**
 * Pages per chunk: at least this many. Each thread that reads a document loads
 * its fonts again: on the 48 arXiv pages, in one thread, 2-page chunks each
 * opened afresh took ~850 ms against ~475 ms whole; 4-page chunks ~600 ms.
 * Threads keep documents open between chunks (pdfjs.ts), so a font load is
 * paid once per thread and document, not per chunk.
 */
const MIN_CHUNK = 4;
/** At most this many, so chunks of documents parsed at once interleave and every thread stays busy. */
const MAX_CHUNK = 8;
/** Chunks per thread for a document alone in the pool: enough to even out slow and fast pages. */
const CHUNKS_PER_THREAD = 4;

/** Page ranges [from, to] of near-equal size for a document of `total` pages, or null to parse it in one task. */
export function planChunks(total: number, threads: number, minPages: number): [number, number][] | null {
  if (total < Math.max(2, minPages)) return null;
  const size = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(total / (threads * CHUNKS_PER_THREAD))));
  const count = Math.max(2, Math.ceil(total / size));
  const chunks: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * total) / count) + 1;
    const to = Math.floor(((k + 1) * total) / count);
    if (to >= from) chunks.push([from, to]);
  }
  return chunks;
}
