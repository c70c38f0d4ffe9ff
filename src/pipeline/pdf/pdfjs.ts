/**
 * Opening a PDF with pdfjs in Node, with the settings that were measured to
 * matter. Imported by the worker thread only: pdfjs calls block the event
 * loop (up to ~200 ms per page), so the main thread never loads it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  getDocument,
  type PDFDocumentLoadingTask,
  type PDFDocumentProxy,
} from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DocjobsError, permanent } from '../../core/errors.ts';
import { passOperatorChunksWithoutCloning } from './loopback-chunks.ts';

passOperatorChunksWithoutCloning();

// Plain folder paths with a trailing slash: pdfjs' Node data factory reads them
// with fs.readFile(base + name), so file:// URLs or a missing slash make it
// fail quietly and CJK text (which needs the CMaps) drops out of the text layer.
const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const folder = (name: string) => path.join(pdfjsDir, name) + path.sep;

export const pdfjsOptions = {
  cMapUrl: folder('cmaps'),
  cMapPacked: true,
  standardFontDataUrl: folder('standard_fonts'),
  wasmUrl: folder('wasm'),
  iccUrl: folder('iccs'),
  // Never compile code from the document (font programs / PostScript functions) with eval.
  isEvalSupported: false,
  // System fonts would make output depend on the host; the bundled standard fonts are enough.
  useSystemFonts: false,
  // Fonts come with their PDF name ("Times-Bold"): the same in every thread of a chunked parse,
  // where pdfjs' own ids ("g_d0_f3") differ; emphasis compares fonts across the document.
  fontExtraProperties: true,
  verbosity: 0,
} as const;

/**
 * Opens `data` (which pdfjs takes ownership of) and runs `use`, always
 * destroying the loading task: an undestroyed task keeps the document and
 * its fonts in memory for the thread's lifetime.
 */
export async function withPdf<T>(data: Uint8Array, use: (doc: PDFDocumentProxy) => Promise<T>): Promise<T> {
  if (data.byteLength === 0) throw permanent('PARSE_ERROR', 'the PDF is empty');
  let task: PDFDocumentLoadingTask | null = null;
  try {
    task = getDocument({ ...pdfjsOptions, data });
    const doc = await task.promise;
    return await use(doc);
  } catch (error) {
    throw toPdfError(error);
  } finally {
    await task?.destroy();
  }
}

export function toPdfError(error: unknown): DocjobsError {
  if (error instanceof DocjobsError) return error;
  const name = (error as { name?: string } | null)?.name;
  const message = (error as { message?: string } | null)?.message ?? String(error);
  if (name === 'PasswordException')
    return permanent('DOCUMENT_ENCRYPTED', 'the PDF is password-protected', error);
  // InvalidPDFException, FormatError, UnknownErrorException...: the same bytes fail the same way on retry.
  return permanent('PARSE_ERROR', `cannot read the PDF: ${message}`, error);
}

/**
 * Documents this thread keeps open between chunk tasks of the same parse
 * (SharedPdf.key), most recent last. Reopening costs ~1-2 ms for a 1.5 MB
 * paper, but each reopened document loads its fonts again (~20-35 ms on the
 * first page of an arXiv paper). Two, because the job worker parses two
 * documents at once and their chunks interleave in the pool's queue. Closed
 * when a task of another kind arrives, or after KEEP_MS idle.
 */
const kept: { key: string; task: PDFDocumentLoadingTask; doc: PDFDocumentProxy }[] = [];
const KEEP_DOCS = 2;
const KEEP_MS = 2000;
let idleTimer: NodeJS.Timeout | null = null;

export async function withSharedPdf<T>(
  key: string,
  shared: Uint8Array,
  use: (doc: PDFDocumentProxy) => Promise<T>,
): Promise<T> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  try {
    const index = kept.findIndex((k) => k.key === key);
    const entry = index >= 0 ? kept.splice(index, 1)[0]! : await openShared(key, shared);
    kept.push(entry);
    while (kept.length > KEEP_DOCS) await kept.shift()?.task.destroy();
    return await use(entry.doc);
  } catch (error) {
    await releaseSharedPdf(key);
    throw toPdfError(error);
  } finally {
    if (kept.length > 0) idleTimer = setTimeout(() => void releaseSharedPdf(), KEEP_MS).unref();
  }
}

async function openShared(key: string, shared: Uint8Array): Promise<(typeof kept)[number]> {
  if (shared.byteLength === 0) throw permanent('PARSE_ERROR', 'the PDF is empty');
  // new Uint8Array(view) copies: pdfjs transfers its input, and shared memory cannot be transferred.
  const task = getDocument({ ...pdfjsOptions, data: new Uint8Array(shared) });
  try {
    return { key, task, doc: await task.promise };
  } catch (error) {
    await task.destroy();
    throw error;
  }
}

/** Closes the kept document `key`, or all of them. */
export async function releaseSharedPdf(key?: string): Promise<void> {
  if (idleTimer && key === undefined) clearTimeout(idleTimer);
  for (let k = kept.length - 1; k >= 0; k--) {
    if (key !== undefined && kept[k]!.key !== key) continue;
    const [entry] = kept.splice(k, 1);
    await entry?.task.destroy();
  }
}
