/**
 * The text layer of a PDF (worker side): every page's runs → PageLayout
 * (layoutPage), then the document-level steps (assemblePages, which needs
 * every page: heading levels depend on the document's body font size). A big
 * document is split into page ranges parsed by several threads at once
 * (extractPages); see parallel-parse.ts.
 */

import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDateString, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { BoundingBox, ParsedPage } from '../types.ts';
import { assemblePages, layoutPage, type PageLayout, portablePage } from './assemble.ts';
import type { PathPiece } from './drawing-paths.ts';
import type { Line, TextRun } from './layout.ts';
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
): Promise<PdfParseResult> {
  return withPdf(data, (doc) => extractDocument(doc, onPage));
}

/** The whole document in this thread. */
export async function extractDocument(
  doc: PDFDocumentProxy,
  onPage: (done: number, total: number) => void,
): Promise<PdfParseResult> {
  const total = doc.numPages;
  const layouts: PageLayout[] = [];
  for (let n = 1; n <= total; n++) {
    layouts.push(await pageLayout(doc, n));
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
): Promise<PageLayout[]> {
  const layouts: PageLayout[] = [];
  for (let n = from; n <= to; n++) {
    layouts.push(portablePage(await pageLayout(doc, n)));
    onPage();
  }
  return layouts;
}

async function pageLayout(doc: PDFDocumentProxy, n: number): Promise<PageLayout> {
  const p = await pageRuns(doc, n);
  return {
    ...layoutPage(p.runs, p.rotated, p.width, p.height, p.rulings, p.paths),
    images: p.images,
    ...(p.unmapped > 0 ? { unmappedChars: p.unmapped } : {}),
  };
}

interface PageRuns {
  runs: TextRun[];
  /** Rotated text as ready-made lines. */
  rotated: Line[];
  width: number;
  height: number;
  /** Ruling lines (table borders), viewport coordinates. */
  rulings: Ruling[];
  /** Painted images' boxes, viewport coordinates. */
  images: BoundingBox[];
  /** Painted path pieces (vector figures), viewport coordinates. */
  paths: PathPiece[];
  /** Characters left out as glyph codes without a Unicode mapping (see readableText). */
  unmapped: number;
}

async function pageRuns(doc: PDFDocumentProxy, n: number): Promise<PageRuns> {
  const page = await doc.getPage(n);
  try {
    // scale 1 → viewport units are PDF points, origin top-left, page rotation applied.
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const runs: TextRun[] = [];
    const rotated: { str: string; x: number; y: number }[] = [];
    let unmapped = 0;
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const str = readableText(item.str);
      if (str === null) {
        unmapped += item.str.length;
        continue;
      }
      const m = Util.transform(viewport.transform, item.transform);
      const size = Math.hypot(m[2], m[3]);
      if (Math.abs(m[1]) > 0.01 * Math.abs(m[0]) || m[0] <= 0) {
        rotated.push({ str, x: m[4], y: m[5] });
        continue;
      }
      const run: TextRun = { str, x0: m[4], x1: m[4] + item.width, y: m[5], size: size || 1 };
      if (item.dir === 'rtl') run.rtl = true;
      if (item.fontName) run.font = item.fontName;
      // pdfjs only says "monospace" for fonts flagged fixed-pitch; the real font name needs getOperatorList (~2× the text's cost).
      if (content.styles[item.fontName]?.fontFamily === 'monospace') run.mono = true;
      runs.push(run);
    }
    // Rotated text (arXiv's margin stamp, sideways table headers) has no place in the line flow:
    // it goes first, one line per orientation group, ordered by position.
    const rotatedLines: Line[] = [];
    if (rotated.length > 0) {
      rotated.sort((a, b) => a.x - b.x || a.y - b.y);
      const text = rotated
        .map((r) => r.str)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      const x = rotated[0]!.x;
      const y = rotated[0]!.y;
      rotatedLines.push({ text, x0: x, x1: x + 1, top: y, bottom: y + 1, y, size: 0, segments: [] });
    }
    // Only pages with text can hold a table worth finding; a scan's operator list is one image.
    const drawings =
      runs.length > 0 ? await pageDrawings(page, viewport) : { rulings: [], images: [], paths: [] };
    // pdfjs' font ids ("g_d0_f3") are numbered in the order a thread loads fonts, so the same font
    // has other ids in another chunk of the document; its PDF name, loaded with the operator
    // list, is the same everywhere (emphasis compares fonts across the whole document).
    for (const run of runs) if (run.font) run.font = pdfFontName(page, run.font);
    return {
      runs,
      rotated: rotatedLines,
      width: round(viewport.width),
      height: round(viewport.height),
      unmapped,
      ...drawings,
    };
  } finally {
    page.cleanup();
  }
}

/**
 * Glyph codes a font gives without a Unicode mapping come out as control characters (U+0001…),
 * U+FFFD or private-use code points: they are not text, and in the flow they join columns and
 * break lines apart. A run made mostly of them is left out (null; the page's quality score still
 * counts it, so `ocr: auto` reads a page that is mostly such codes); stray ones are dropped.
 */
function readableText(str: string): string | null {
  const chars = [...str.replace(/\s/g, '')];
  const broken = chars.filter((c) => UNMAPPED.test(c)).length;
  if (broken === 0) return str;
  if (broken * 2 >= chars.length) return null;
  return str.replace(UNMAPPED_ALL, '');
}
// C0 and C1 controls but the whitespace ones, the replacement character, private use.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const UNMAPPED = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD\p{Co}]/u;
const UNMAPPED_ALL = new RegExp(UNMAPPED.source, 'gu');

const round = (n: number) => Math.round(n * 100) / 100;

function pdfFontName(
  page: { commonObjs: { has(id: string): boolean; get(id: string): unknown } },
  id: string,
) {
  try {
    const font = page.commonObjs.has(id) ? (page.commonObjs.get(id) as { name?: unknown }) : null;
    return typeof font?.name === 'string' && font.name !== '' ? font.name : id;
  } catch {
    return id;
  }
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
