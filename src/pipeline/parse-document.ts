/**
 * The parse stage: bytes of a detected type → ParsedDocument. PDFs go to the pdfjs thread pool,
 * the other formats to a pool of their own (parse-pool.ts): mammoth and turndown take a few ms for
 * typical documents, but seconds to minutes for a hostile one, which must not stop the server.
 */
import { DocjobsError } from '../core/errors.ts';
import { closeMailPool } from './formats/mail/mail-pool.ts';
import { closeOcrPool } from './ocr/ocr-pool.ts';
import { closePaddlePool } from './ocr/paddle/paddle-pool.ts';
import { closeParsePool, parseInWorker } from './parse-pool.ts';
import { closePdfPool, type PdfChunking, parsePdfInWorker } from './pdf/pdf-pool.ts';
import { type DetectedType, isImageKind, type ParsedDocument, type StageContext } from './types.ts';

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new DocjobsError('CANCELLED', 'the job was cancelled');
}

export interface ParseOptions {
  /** How a PDF is spread over the worker threads (tests force 'on' / 'off'). */
  pdfChunking?: PdfChunking;
}

export async function parseDocument(
  bytes: Uint8Array,
  detected: DetectedType,
  ctx: StageContext,
  options: ParseOptions = {},
): Promise<ParsedDocument> {
  throwIfAborted(ctx.signal);
  const doc = await parseByKind(bytes, detected, ctx, options);
  // A result can arrive just as the job is cancelled: do not hand it back.
  throwIfAborted(ctx.signal);
  if (detected.kind !== 'pdf') ctx.onProgress?.(doc.metadata.pages, doc.metadata.pages);
  return doc;
}

async function parseByKind(
  bytes: Uint8Array,
  detected: DetectedType,
  ctx: StageContext,
  options: ParseOptions,
): Promise<ParsedDocument> {
  const kind = detected.kind;
  // Images have no text layer: read-document.ts decodes them into pages for OCR.
  if (isImageKind(kind)) throw new DocjobsError('INTERNAL_ERROR', 'images are read by readDocument');
  switch (kind) {
    case 'pdf':
      return parsePdf(bytes, ctx, options.pdfChunking);
    case 'docx':
    case 'pptx':
    case 'odp':
    case 'html':
    case 'text':
    case 'markdown':
    case 'eml':
    case 'msg':
    case 'xlsx':
    case 'ods':
    case 'csv':
    case 'odt':
    case 'epub':
    case 'rtf':
      return parseInWorker(kind, bytes, ctx.signal);
  }
}

async function parsePdf(
  bytes: Uint8Array,
  ctx: StageContext,
  chunking: PdfChunking | undefined,
): Promise<ParsedDocument> {
  const { info, pages } = await parsePdfInWorker(bytes, ctx.signal, ctx.onProgress, chunking);
  return {
    metadata: { pages: pages.length, fileType: 'pdf', mimeType: 'application/pdf', ...info },
    pages,
    text: pages.map((p) => p.text).join('\n\n'),
    markdown: pages.map((p) => p.markdown).join('\n\n'),
  };
}

/** Stops the worker threads, PDF and OCR (server shutdown, tests). Safe when none were started. */
export async function closeThreadPools(): Promise<void> {
  await Promise.all([closePdfPool(), closeOcrPool(), closePaddlePool(), closeParsePool(), closeMailPool()]);
}
