/** Messages between the main thread and pdf-worker.ts. */
import type { PdfParseResult } from './extract.ts';

export type PdfTask =
  /** Starts a thread and loads pdfjs (~400 ms) before the first document needs it. */
  | { type: 'warm' }
  | { type: 'parse'; data: Uint8Array }
  | { type: 'render'; data: Uint8Array; page: number; maxWidth: number }
  /** Decoding a 12-megapixel photo takes ~100 ms of CPU, so image thumbnails run here too. */
  | { type: 'image-thumbnail'; data: Uint8Array; maxWidth: number };

export type PdfTaskResult = PdfParseResult | Uint8Array | null;

export interface PdfProgress {
  done: number;
  total: number;
}
