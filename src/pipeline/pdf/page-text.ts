/**
 * A page's text items (pdfjs' getTextContent, or op-text.ts from the operator list) → the runs
 * layout.ts orders, in viewport coordinates (scale 1, origin top-left), and the rotated text as
 * ready-made lines. Both sources go through here, so they differ only in how the items are made.
 */
import { Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Line, TextRun } from './layout.ts';

export interface PageTextItem {
  str: string;
  dir: string;
  /** Advance along the text direction. */
  width: number;
  transform: number[];
  fontName: string;
}

export interface PageText {
  runs: TextRun[];
  /** Rotated text as ready-made lines. */
  rotated: Line[];
  /** Characters left out as glyph codes without a Unicode mapping (see readableText). */
  unmapped: number;
}

export function pageText(
  items: readonly PageTextItem[],
  viewport: { transform: number[] },
  font: { name(id: string): string; mono(id: string): boolean },
): PageText {
  const runs: TextRun[] = [];
  const rotated: { str: string; x: number; y: number }[] = [];
  let unmapped = 0;
  for (const item of items) {
    if (item.str.trim() === '') continue;
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
    if (item.fontName && font.mono(item.fontName)) run.mono = true;
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
  // pdfjs' font ids ("g_d0_f3") are numbered in the order a thread loads fonts, so the same font
  // has other ids in another chunk of the document; its PDF name, loaded with the operator
  // list, is the same everywhere (emphasis compares fonts across the whole document).
  for (const run of runs) if (run.font) run.font = font.name(run.font);
  return { runs, rotated: rotatedLines, unmapped };
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

/** A loaded font of the page (page.commonObjs), or null. */
export function loadedFont(
  page: { commonObjs: { has(id: string): boolean; get(id: string): unknown } },
  id: string,
): Record<string, unknown> | null {
  try {
    return page.commonObjs.has(id) ? (page.commonObjs.get(id) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function pdfFontName(
  page: { commonObjs: { has(id: string): boolean; get(id: string): unknown } },
  id: string,
): string {
  const name = loadedFont(page, id)?.name;
  return typeof name === 'string' && name !== '' ? name : id;
}
