/**
 * Where the pages to OCR come from: the pages of an image file (decoded and normalised once), or
 * pages of a PDF rendered at the resolution of the pass. Premium passes clean the image up first.
 */
import type { OcrMode, OcrSetting } from '../../core/parse-options.ts';
import { enhanceForOcr } from '../images/enhance.ts';
import { imagePages, type PageImage } from '../images/image-pages.ts';
import { ocrDpi } from '../pdf/ocr-resolution.ts';
import { renderPdfPageForOcr } from '../pdf/pdf-pool.ts';
import { sharedPdfOf } from '../pdf/protocol.ts';
import type { ImageKind, PageError, ParsedDocument, ParsedPage } from '../types.ts';

export interface OcrSource {
  page: number;
  /** The page as an image for a pass in `mode`; `scale` turns its pixels into the page's units. */
  load(mode: OcrMode, signal: AbortSignal): Promise<{ image: PageImage; scale: number }>;
}

/**
 * Below this a text layer is not usable: most of its words are glyph codes without a Unicode
 * mapping (`(cid:12)`, U+FFFD, private-use characters) or letter soup, as PDFs with subset fonts
 * and no ToUnicode table give.
 */
export const usableTextLayer = 0.5;

/** force: every page; auto: the pages without a usable text layer (pages scored already); off: none. */
export function pagesNeedingOcr(pages: ParsedPage[], ocr: OcrSetting): number[] {
  if (ocr === 'off') return [];
  const needs = (p: ParsedPage) => ocr === 'force' || !p.textLayer || (p.qualityScore ?? 0) < usableTextLayer;
  return pages.filter(needs).map((p) => p.page);
}

export function pdfOcrSources(bytes: Uint8Array, pages: number[]): OcrSource[] {
  if (pages.length === 0) return [];
  // One shared copy for every render task; the worker keeps the document open between them.
  const pdf = sharedPdfOf(bytes);
  return pages.map((page) => ({
    page,
    async load(mode, signal) {
      const rendered = await renderPdfPageForOcr(pdf, page, ocrDpi[mode], signal);
      const image = mode === 'premium' ? await enhanceForOcr(rendered.image) : rendered.image;
      // Enhancing may upscale: boxes must still come out in PDF points.
      return { image, scale: (rendered.scale * image.width) / rendered.image.width };
    },
  }));
}

/**
 * An image file: every page (TIFF) decoded and normalised; the boxes of its pages are in pixels of
 * the normalised image, whose size the page reports. A page that cannot be decoded is an error.
 */
export async function imageDocument(bytes: Uint8Array, kind: ImageKind, mimeType: string, ocr: OcrSetting) {
  const decoded = await imagePages(bytes, kind);
  const pages: ParsedPage[] = [];
  const sources: OcrSource[] = [];
  const errors: PageError[] = [];
  for (const entry of decoded) {
    const image = 'image' in entry ? entry.image : null;
    pages.push({
      page: entry.page,
      width: image?.width ?? null,
      height: image?.height ?? null,
      text: '',
      markdown: '',
      textLayer: false,
      source: 'none',
      blocks: [],
    });
    if (!image) {
      if ('error' in entry) errors.push({ page: entry.page, ...entry.error, stage: 'parsing' });
    } else if (ocr !== 'off') {
      sources.push({
        page: entry.page,
        async load(mode) {
          const ready = mode === 'premium' ? await enhanceForOcr(image) : image;
          return { image: ready, scale: ready.width / image.width };
        },
      });
    }
  }
  const document: ParsedDocument = {
    metadata: { pages: pages.length, fileType: kind, mimeType, title: null, author: null },
    pages,
    text: '',
    markdown: '',
  };
  return { document, sources, errors };
}
