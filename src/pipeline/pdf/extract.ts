/**
 * The text layer of a PDF (worker side): every page's runs → PageLayout
 * (layoutPage), then the document-level steps (assemblePages, which needs
 * every page: heading levels depend on the document's body font size). A big
 * document is split into page ranges parsed by several threads at once
 * (extractPages); see parallel-parse.ts.
 */

import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { OPS, PDFDateString } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { BoundingBox, ParsedPage } from '../types.ts';
import { assemblePages, layoutPage, type PageLayout, portablePage } from './assemble.ts';
import type { PathPiece } from './drawing-paths.ts';
import type { OpFont } from './glyph-placement.ts';
import { operatorTextItems } from './op-text.ts';
import { fontsReady, loadedFont, type PageText, pageText, pdfFontName } from './page-text.ts';
import { withPdf } from './pdfjs.ts';
import type { Ruling } from './tables/lattice.ts';
import { pageDrawings } from './tables/rulings.ts';

export interface PdfInfo {
  title: string | null;
  author: string | null;
  subject: string | null;
  creator: string | null;
  producer: string | null;
  createdAt: string | null;
}

export interface PdfParseResult {
  info: PdfInfo;
  pages: ParsedPage[];
}

export async function extractPdf(
  data: Uint8Array,
  onPage: (done: number, total: number) => void,
  source: TextSource = 'operators',
): Promise<PdfParseResult> {
  return withPdf(data, (doc) => extractDocument(doc, onPage, source));
}

/** The whole document in this thread. */
export async function extractDocument(
  doc: PDFDocumentProxy,
  onPage: (done: number, total: number) => void,
  source: TextSource = 'operators',
): Promise<PdfParseResult> {
  const total = doc.numPages;
  const reading = { source, textless: false };
  const layouts: PageLayout[] = [];
  for (let n = 1; n <= total; n++) {
    layouts.push(await pageLayout(doc, n, reading));
    onPage(n, total);
  }
  return { info: await pdfInfo(doc), pages: await assemblePages(layouts) };
}

/** Pages `from`..`to` (1-based, inclusive), made small for postMessage. */
export async function extractPages(
  doc: PDFDocumentProxy,
  from: number,
  to: number,
  onPage: () => void,
  source: TextSource = 'operators',
): Promise<PageLayout[]> {
  const reading = { source, textless: false };
  const layouts: PageLayout[] = [];
  for (let n = from; n <= to; n++) {
    layouts.push(portablePage(await pageLayout(doc, n, reading)));
    onPage();
  }
  return layouts;
}

async function pageLayout(doc: PDFDocumentProxy, n: number, reading: Reading): Promise<PageLayout> {
  const p = await pageRuns(doc, n, reading);
  return {
    ...layoutPage(p.runs, p.sideways, p.width, p.height, p.rulings, p.paths),
    images: p.images,
    ...(p.unmapped > 0 ? { unmappedChars: p.unmapped } : {}),
  };
}

interface PageRuns extends PageText {
  width: number;
  height: number;
  /** Ruling lines (table borders), viewport coordinates. */
  rulings: Ruling[];
  /** Painted images' boxes, viewport coordinates. */
  images: BoundingBox[];
  /** Painted path pieces (vector figures), viewport coordinates. */
  paths: PathPiece[];
}

/**
 * Where a page's text comes from: its operator list (one pdfjs pass gives text, rulings and
 * images; op-text.ts), or pdfjs' getTextContent next to the operator list (two passes, kept to
 * measure the first against: bench/text-parity.ts).
 */
export type TextSource = 'operators' | 'textContent';

/**
 * How a document's pages are being read. `textless`: the last page had no text. A scan's operator
 * list decodes its page image (~0.4 s for a letter-size scan, where getTextContent takes ~2 ms),
 * so after a page without text the next one is first asked for its text content, and its
 * operator list is only fetched when that finds text (as every page was read before).
 */
interface Reading {
  source: TextSource;
  textless: boolean;
}

async function pageRuns(doc: PDFDocumentProxy, n: number, reading: Reading): Promise<PageRuns> {
  const page = await doc.getPage(n);
  try {
    // scale 1 → viewport units are PDF points, origin top-left, page rotation applied.
    const viewport = page.getViewport({ scale: 1 });
    const fonts = {
      name: (id: string) => pdfFontName(page, id),
      // pdfjs only says "monospace" for fonts flagged fixed-pitch.
      mono: (id: string) => loadedFont(page, id)?.fallbackName === 'monospace',
    };
    let text: PageText | null = null;
    if (reading.source === 'textContent' || reading.textless) {
      const content = await page.getTextContent();
      const items = content.items.filter((item) => 'str' in item);
      text = pageText(items, viewport, {
        name: fonts.name,
        mono: (id) => content.styles[id]?.fontFamily === 'monospace',
      });
    }
    let list: Awaited<ReturnType<typeof page.getOperatorList>> | null = null;
    if (reading.source === 'operators' && (text === null || text.runs.length > 0)) {
      list = await page.getOperatorList();
      await fontsReady(page, fontIds(list));
      const items = operatorTextItems(list, (id) => loadedFont(page, id) as OpFont | null, page.view);
      text = pageText(items, viewport, fonts);
    }
    if (text === null) throw new Error('unreachable: no text source');
    reading.textless = text.runs.length === 0;
    // Only pages with text can hold a table worth finding; a scan's operator list is one image.
    const drawings =
      text.runs.length > 0
        ? pageDrawings(list ?? (await page.getOperatorList()), viewport)
        : { rulings: [], images: [], paths: [] };
    return { ...text, width: round(viewport.width), height: round(viewport.height), ...drawings };
  } finally {
    page.cleanup();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The fonts an operator list sets (setFont's first argument). */
function fontIds(list: { fnArray: number[]; argsArray: unknown[] }): string[] {
  const ids: string[] = [];
  for (let i = 0; i < list.fnArray.length; i++) {
    const id = list.fnArray[i] === OPS.setFont ? (list.argsArray[i] as unknown[] | null)?.[0] : null;
    if (typeof id === 'string') ids.push(id);
  }
  return ids;
}

export async function pdfInfo(doc: PDFDocumentProxy): Promise<PdfInfo> {
  const meta = await doc.getMetadata().catch(() => null);
  const dict = (meta?.info ?? {}) as Record<string, unknown>;
  const str = (key: string) => {
    const value = dict[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const xmp = (key: string) => {
    const value = meta?.metadata?.get(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const created = str('CreationDate');
  let createdAt: string | null = null;
  if (created) {
    const date = PDFDateString.toDateObject(created);
    createdAt = date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
  }
  return {
    title: str('Title') ?? xmp('dc:title'),
    author: str('Author') ?? xmp('dc:creator'),
    subject: str('Subject'),
    creator: str('Creator'),
    producer: str('Producer'),
    createdAt,
  };
}
