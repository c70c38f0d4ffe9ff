/**
 * A page's text items (pdfjs' getTextContent, or op-text.ts from the operator list) → the runs
 * layout.ts orders, in viewport coordinates (scale 1, origin top-left), and the text set at an
 * angle as boxed runs of its own. Both sources go through here, so they differ only in how the items are made.
 */
import { Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextRun } from './layout.ts';

export interface PageTextItem {
  str: string;
  dir: string;
  /** Advance along the text direction. */
  width: number;
  transform: number[];
  fontName: string;
  /** Invisible text (operator list only: getTextContent does not say). */
  invisible?: boolean;
}

export interface PageText {
  runs: TextRun[];
  /** Text set at an angle, boxed (tables take turned headers; assemble.ts makes the rest one line). */
  sideways: TextRun[];
  /** Characters left out as glyph codes without a Unicode mapping (see readableText). */
  unmapped: number;
}

export function pageText(
  items: readonly PageTextItem[],
  viewport: { transform: number[] },
  font: { name(id: string): string; mono(id: string): boolean },
): PageText {
  const runs: TextRun[] = [];
  const sideways: TextRun[] = [];
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
      sideways.push(sidewaysRun(str, m, item.width));
      continue;
    }
    const run: TextRun = { str, x0: m[4], x1: m[4] + item.width, y: m[5], size: size || 1 };
    if (item.dir === 'rtl') run.rtl = true;
    if (item.fontName) run.font = item.fontName;
    // An invisible OCR layer's font is the OCR program's choice, not the print's: no code there.
    if (item.fontName && font.mono(item.fontName) && !item.invisible) run.mono = true;
    runs.push(run);
  }
  // pdfjs' font ids ("g_d0_f3") are numbered in the order a thread loads fonts, so the same font
  // has other ids in another chunk of the document; its PDF name, loaded with the operator
  // list, is the same everywhere (emphasis compares fonts across the whole document).
  for (const run of runs) if (run.font) run.font = font.name(run.font);
  return { runs, sideways, unmapped };
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
  const run: TextRun = {
    str,
    x0: Math.min(...xs),
    x1: Math.max(...xs),
    y: top + 0.8 * size,
    size,
    sideways: true,
  };
  // Set on a slant (45° column headers), its box reaches over the columns beside it.
  if (Math.abs(m[0]!) > 0.1 * along) run.slanted = true;
  return run;
}

/** How long a page waits for its fonts to arrive with the operator list (see fontsReady). */
const FONT_WAIT_MS = 2000;

/**
 * Waits until pdfjs has registered every font `ids` names. The operator list resolves before pdfjs
 * has necessarily registered the fonts it sent (it binds each one first, asynchronously): under
 * load a font was sometimes missing, and its matrix and PDF name with it, so a chunked parse
 * differed from a whole one. Up to 2 s a page in all: a font pdfjs never sends stays missing.
 */
export async function fontsReady(
  page: {
    commonObjs: { has(id: string): boolean; get(id: string, callback?: (data: unknown) => void): unknown };
  },
  ids: Iterable<string>,
): Promise<void> {
  const deadline = Date.now() + FONT_WAIT_MS;
  for (const id of new Set(ids)) {
    await new Promise<void>((resolve) => {
      try {
        if (page.commonObjs.has(id)) return resolve();
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        page.commonObjs.get(id, () => {
          clearTimeout(timer);
          resolve();
        });
      } catch {
        resolve();
      }
    });
  }
}

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
