/**
 * Each part of a split as a PDF of its own. PDF pages are copied with pdf-lib (content streams,
 * fonts and images as they were: nothing is re-rendered, the text layer stays). An image's pages
 * (one, or a TIFF's several) become PDF pages holding the image upright, in colour, at up to
 * MAX_SIDE pixels, on a page whose long side is 842 pt (A4's), since an image has no size in points.
 * Other inputs (DOCX, HTML, text) have no pages to copy: null. A split over several parents takes
 * each page from its own parent's document.
 */
import { PDFDocument } from 'pdf-lib';
import { MAX_SIDE } from '../images/image-pages.ts';
import { imageThumbnail } from '../images/image-thumbnail.ts';
import { type FileKind, isImageKind } from '../types.ts';

const imagePageLongSide = 842;

/** A document a part's pages come from: the job's upload, or one of its parents' documents. */
export interface PartSource {
  bytes: Uint8Array;
  kind: FileKind;
}

/** One page of a part: which source (index into the sources) and its 1-based page there. */
export interface PartPage {
  source: number;
  page: number;
}

/**
 * `parts`: per part, its pages in order. Several sources: a split over several parents, whose
 * pages were joined; a part may then hold pages of more than one of them. null when a source has
 * no pages to copy (DOCX, HTML, text).
 */
export async function partPdfs(
  sources: readonly PartSource[],
  parts: readonly PartPage[][],
  signal: AbortSignal,
): Promise<Uint8Array[] | null> {
  if (!sources.every((source) => source.kind === 'pdf' || isImageKind(source.kind))) return null;
  const opened = new Map<number, PDFDocument>();
  const pdfOf = async (index: number) => {
    let document = opened.get(index);
    if (!document) {
      document = await PDFDocument.load(sources[index]!.bytes, { updateMetadata: false });
      opened.set(index, document);
    }
    return document;
  };
  const out: Uint8Array[] = [];
  for (const pages of parts) {
    const part = await PDFDocument.create();
    // Runs of pages from one PDF source are copied in one copyPages, so their fonts are copied once.
    for (const run of sameSourceRuns(pages)) {
      signal.throwIfAborted();
      const source = sources[run[0]!.source]!;
      if (source.kind === 'pdf') {
        const copied = await part.copyPages(
          await pdfOf(run[0]!.source),
          run.map(({ page }) => page - 1),
        );
        for (const page of copied) part.addPage(page);
        continue;
      }
      const kind = source.kind;
      if (!isImageKind(kind)) return null;
      for (const { page } of run) {
        signal.throwIfAborted();
        const image = await part.embedPng(await imageThumbnail(source.bytes, kind, page, MAX_SIDE));
        const scale = imagePageLongSide / Math.max(image.width, image.height);
        const [width, height] = [image.width * scale, image.height * scale];
        part.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
      }
    }
    out.push(await part.save());
  }
  return out;
}

function sameSourceRuns(pages: readonly PartPage[]): PartPage[][] {
  const runs: PartPage[][] = [];
  for (const page of pages) {
    const last = runs.at(-1);
    if (last && last[0]!.source === page.source) last.push(page);
    else runs.push([page]);
  }
  return runs;
}
