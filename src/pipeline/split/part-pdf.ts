/**
 * Each part of a split as a PDF of its own. PDF pages are copied with pdf-lib (content streams,
 * fonts and images as they were: nothing is re-rendered, the text layer stays). An image's pages
 * (one, or a TIFF's several) become PDF pages holding the image upright, in colour, at up to
 * MAX_SIDE pixels, on a page whose long side is 842 pt (A4's), since an image has no size in points.
 * Other inputs (DOCX, HTML, text) have no pages to copy: null.
 */
import { PDFDocument } from 'pdf-lib';
import { MAX_SIDE } from '../images/image-pages.ts';
import { imageThumbnail } from '../images/image-thumbnail.ts';
import { type FileKind, isImageKind } from '../types.ts';

const imagePageLongSide = 842;

/** `parts`: per part, the 1-based page numbers of the source it holds, in order. */
export async function partPdfs(
  source: Uint8Array,
  kind: FileKind,
  parts: readonly number[][],
  signal: AbortSignal,
): Promise<Uint8Array[] | null> {
  if (kind === 'pdf') {
    const original = await PDFDocument.load(source, { updateMetadata: false });
    const out: Uint8Array[] = [];
    for (const pages of parts) {
      signal.throwIfAborted();
      const part = await PDFDocument.create();
      for (const page of await part.copyPages(
        original,
        pages.map((n) => n - 1),
      ))
        part.addPage(page);
      out.push(await part.save());
    }
    return out;
  }
  if (!isImageKind(kind)) return null;
  const out: Uint8Array[] = [];
  for (const pages of parts) {
    const part = await PDFDocument.create();
    for (const n of pages) {
      signal.throwIfAborted();
      const image = await part.embedPng(await imageThumbnail(source, kind, n, MAX_SIDE));
      const scale = imagePageLongSide / Math.max(image.width, image.height);
      const [width, height] = [image.width * scale, image.height * scale];
      part.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
    }
    out.push(await part.save());
  }
  return out;
}
