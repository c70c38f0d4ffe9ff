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
    ...layoutPage(p.runs, p.sideways, p.width, p.height, p.rulings),
    images: p.images,
    ...(p.unmapped > 0 ? { unmappedChars: p.unmapped } : {}),
  };
}

interface PageRuns {
  runs: TextRun[];
  /** Text set at an angle, boxed (tables take sideways headers; the rest becomes one line). */
  sideways: TextRun[];
  width: number;
  height: number;
  /** Ruling lines (table borders), viewport coordinates. */
  rulings: Ruling[];
  /** Painted images' boxes, viewport coordinates. */
  images: BoundingBox[];
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
    const sideways: TextRun[] = [];
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
        sideways.push(sidewaysRun(str, m, item.width));
        continue;
      }
      const run: TextRun = { str, x0: m[4], x1: m[4] + item.width, y: m[5], size: size || 1 };
      if (item.dir === 'rtl') run.rtl = true;
      if (item.fontName) run.font = item.fontName;
      // pdfjs only says "monospace" for fonts flagged fixed-pitch; the real font name needs getOperatorList (~2× the text's cost).
      if (content.styles[item.fontName]?.fontFamily === 'monospace') run.mono = true;
      runs.push(run);
    }
    // Only pages with text can hold a table worth finding; a scan's operator list is one image.
    const drawings = runs.length > 0 ? await pageDrawings(page, viewport) : { rulings: [], images: [] };
    // pdfjs' font ids ("g_d0_f3") are numbered in the order a thread loads fonts, so the same font
    // has other ids in another chunk of the document; its PDF name, loaded with the operator
    // list, is the same everywhere (emphasis compares fonts across the whole document).
    const names = await pdfFontNames(page, new Set(runs.flatMap((run) => (run.font ? [run.font] : []))));
    for (const run of runs) if (run.font) run.font = names.get(run.font) ?? run.font;
    return {
      runs,
      sideways,
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
 * A run of text set at an angle (a table's turned header, a margin stamp), boxed like an upright
 * run: x0..x1 its horizontal extent, `size` its vertical one, so that top (y - 0.8 size) and bottom
 * (y + 0.2 size) are the box's. `m` is the item's transform in viewport space: (m0, m1) runs along
 * the baseline, (m2, m3) up the glyphs, both `size` long.
 */
function sidewaysRun(str: string, m: number[], width: number): TextRun {
  const along = Math.hypot(m[0]!, m[1]!) || 1;
  const [dx, dy] = [(m[0]! / along) * width, (m[1]! / along) * width];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [px, py] of [
    [m[4]!, m[5]!],
    [m[4]! + dx, m[5]! + dy],
  ] as const) {
    for (const k of [0.8, -0.2]) {
      xs.push(px + k * m[2]!);
      ys.push(py + k * m[3]!);
    }
  }
  const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
  const size = Math.max(bottom - top, 1);
  return { str, x0: Math.min(...xs), x1: Math.max(...xs), y: top + 0.8 * size, size, sideways: true };
}

/**
 * Glyph codes a font gives without a Unicode mapping come out as control characters (U+0001…),
 * U+FFFD or private-use code points: they are not text, and in the flow they join columns and
 * break lines apart. A run made mostly of them is left out (null; the page's quality score still
 * counts it, so `ocr: auto` reads a page that is mostly such codes); stray ones are dropped.
 * Doubled single quotes become the double quote they stand for.
 */
function readableText(str: string): string | null {
  const chars = [...str.replace(/\s/g, '')];
  const broken = chars.filter((c) => UNMAPPED.test(c)).length;
  if (broken === 0) return doubleQuotes(str);
  if (broken * 2 >= chars.length) return null;
  return doubleQuotes(str.replace(UNMAPPED_ALL, ''));
}

/** TeX's `` and '' set in a font without the ligature: two single quotes that are one double quote. */
const doubleQuotes = (str: string) =>
  str.replace(/\u2018\u2018/g, '\u201C').replace(/\u2019\u2019/g, '\u201D');
// C0 and C1 controls but the whitespace ones, the replacement character, private use.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const UNMAPPED = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD\p{Co}]/u;
const UNMAPPED_ALL = new RegExp(UNMAPPED.source, 'gu');

const round = (n: number) => Math.round(n * 100) / 100;

/** How long a page waits for its fonts to arrive after the operator list (see pdfFontNames). */
const FONT_WAIT_MS = 2000;

type CommonObjs = {
  has(id: string): boolean;
  get(id: string, callback?: (data: unknown) => void): unknown;
};

/**
 * Each font id's PDF name. The operator list resolves before pdfjs has necessarily registered the
 * fonts it sent (it binds each one first, asynchronously): under load a font was sometimes not
 * there yet and kept its id, so a chunked parse differed from a whole one. So wait for each font
 * (up to 2 s a page in all: a font pdfjs never sends, as for one it could not load, keeps its id).
 */
async function pdfFontNames(
  page: { commonObjs: CommonObjs },
  ids: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const deadline = Date.now() + FONT_WAIT_MS;
  for (const id of ids) {
    const font = await new Promise<unknown>((resolve) => {
      try {
        if (page.commonObjs.has(id)) return resolve(page.commonObjs.get(id));
        const timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
        page.commonObjs.get(id, (data) => {
          clearTimeout(timer);
          resolve(data);
        });
      } catch {
        resolve(null);
      }
    });
    const name = (font as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && name !== '') names.set(id, name);
  }
  return names;
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
