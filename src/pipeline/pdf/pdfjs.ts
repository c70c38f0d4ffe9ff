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
