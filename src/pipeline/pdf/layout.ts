/**
 * Reading order for one PDF page: text runs → lines, with multi-column pages
 * read column by column (layout/xy-cut.ts). Pure geometry, no pdfjs: runs worker-side
 * and is unit-tested on synthetic runs.
 *
 * Coordinates are PDF points, origin top-left (y grows downward).
 */

import { type Box, xyCut } from '../layout/xy-cut.ts';
import { settleDropCaps } from './drop-caps.ts';
import { lineFont } from './fonts.ts';

export interface TextRun {
  str: string;
  x0: number;
  x1: number;
  /** Baseline y. */
  y: number;
  /** Font size in points (glyph height). */
  size: number;
  /** pdfjs' direction for the run (Arabic, Hebrew): such lines read right to left. */
  rtl?: boolean;
  /** pdfjs' id of the run's font within the document ("g_d0_f3"): tells emphasis from body text. */
  font?: string;
  /** Set in a fixed-pitch font (code). */
  mono?: boolean;
  /** Set at an angle (pdf/page-text.ts sidewaysRun): its box is the text's, not a line's. */
  sideways?: boolean;
  /** Sideways and not upright either way (a 45° header): its box is no cell's. */
  slanted?: boolean;
  /**
   * A whole word (an OCR word, ocr-runs.ts): the next run on its line is another word, however
   * close its box. OCR boxes are estimates (PaddleOCR's come from time steps), so a gap measured
   * between them can run "May" and "2018" together.
   */
  word?: boolean;
}

/** Part of a line separated from the next part by a gap wider than a word space (a column or a cell). */
export interface Segment {
  text: string;
  x0: number;
  x1: number;
  /** The runs it is made of, left to right (worker-side only; never serialised). */
  runs: TextRun[];
}

export interface Line {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  y: number;
  size: number;
  segments: Segment[];
  /** The fonts the line is set in, most characters first (see lineFont). */
  fonts?: string[];
  mono?: boolean;
}

/** Word spaces are ~0.25-0.5 em, justified lines stretch them to ~0.8 em; cells and gutters are wider. */
const SEGMENT_GAP_EM = 1.0;

/** Groups runs into lines by baseline: sub/superscripts (offset ~0.35 em) join their line, the next line (~1.2 em) does not. */
export function groupLines(runs: readonly TextRun[]): Line[] {
  const sorted = [...settleDropCaps(runs)].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: { y: number; size: number; runs: TextRun[] }[] = [];
  for (const run of sorted) {
    const last = groups.at(-1);
    if (last && Math.abs(run.y - last.y) < joinTolerance(run, last)) {
      last.runs.push(run);
      // The line's baseline is its biggest text's, not a leading superscript's.
      if (run.size > last.size) {
        last.size = run.size;
        last.y = run.y;
      }
    } else {
      groups.push({ y: run.y, size: run.size, runs: [run] });
    }
  }
  return groups.map((g) => makeLine(g.runs, g.y, g.size));
}

/**
 * How far a run's baseline may be from a line's to join it: half the bigger size, so a
 * superscript or a drop cap beside its text joins. Not so for text of a very different size set
 * apart from the line (a masthead's big title beside two small lines of publisher details, a
 * sidebar heading beside a column's line): that would take in the next small line too and weave
 * the two into one. Such a run joins only on the smaller size's tolerance.
 */
function joinTolerance(run: TextRun, line: { size: number; runs: TextRun[] }): number {
  const small = Math.min(run.size, line.size);
  const big = Math.max(run.size, line.size);
  if (big < SIZE_APART * small) return 0.5 * big;
  const gap = Math.min(...line.runs.map((r) => Math.max(r.x0 - run.x1, run.x0 - r.x1)));
  return gap > small ? 0.5 * small : 0.5 * big;
}

/** Sizes this far apart are text of another kind (a title beside body text), not a superscript's. */
const SIZE_APART = 1.6;

function makeLine(runs: TextRun[], y: number, size: number): Line {
  runs.sort((a, b) => a.x0 - b.x0);
  // pdfjs gives RTL runs already in logical order; a mostly-RTL line is read from its right end.
  const rtl = mostlyRightToLeft(runs);
  if (rtl) readRightToLeft(runs);
  const segments: Segment[] = [];
  let text = '';
  let prev: TextRun | null = null;
  let seg: Segment | null = null;
  for (const run of runs) {
    // Fake bold: the same glyphs printed twice a fraction of a point apart.
    if (prev && run.str === prev.str && Math.abs(run.x0 - prev.x0) < 1) continue;
    // The space between the two boxes, whichever side `run` is on (in a right-to-left line a
    // number or a Latin word still reads left to right).
    const gap = prev ? Math.max(run.x0 - prev.x1, prev.x0 - run.x1) : 0;
    if (!seg || gap > SEGMENT_GAP_EM * size) {
      seg = { text: run.str.trim(), x0: run.x0, x1: run.x1, runs: [run] };
      segments.push(seg);
      text += prev ? ` ${run.str.trimStart()}` : run.str;
    } else {
      // Where the writing direction changes (a Latin word in Arabic text), words change too, even
      // when the two runs touch.
      const turns = !!prev && !!prev.rtl !== !!run.rtl && gap > -0.15 * size;
      const apart = gap > 0.15 * size || turns || (!!prev?.word && !!run.word);
      const space = apart && !/\s$/.test(seg.text) && !/^\s/.test(run.str) ? ' ' : '';
      seg.text = (seg.text + space + run.str).trim();
      seg.x0 = Math.min(seg.x0, run.x0);
      seg.x1 = Math.max(seg.x1, run.x1);
      seg.runs.push(run);
      text += space + run.str;
    }
    prev = run;
  }
  const x0 = Math.min(...runs.map((r) => r.x0));
  const x1 = Math.max(...runs.map((r) => r.x1));
  const top = Math.min(...runs.map((r) => r.y - r.size * 0.8));
  const bottom = Math.max(...runs.map((r) => r.y + r.size * 0.2));
  const font = lineFont(runs);
  return {
    text: text.replace(/\s+/g, ' ').trim(),
    x0,
    x1,
    top,
    bottom,
    y,
    size: dominantSize(runs, size),
    segments,
    ...font,
  };
}

/**
 * The size most of a line's characters are set in (half points): one big word does not make a
 * line of small text big (a sidebar's heading whose baseline meets a line of the column beside
 * it, a drop cap, a large bullet glyph). Ties and lines of one size keep `biggest`.
 */
function dominantSize(runs: readonly TextRun[], biggest: number): number {
  const chars = new Map<number, number>();
  for (const run of runs) {
    const key = Math.round(run.size * 2) / 2;
    chars.set(key, (chars.get(key) ?? 0) + run.str.replace(/\s/g, '').length);
  }
  if (chars.size <= 1) return biggest;
  const [[top, n], [, second]] = [...chars].sort((a, b) => b[1] - a[1]) as [
    [number, number],
    [number, number],
  ];
  if (n === second || Math.abs(top - Math.round(biggest * 2) / 2) < 0.01) return biggest;
  return runs.find((run) => Math.round(run.size * 2) / 2 === top)!.size;
}

/**
 * Orders a page's runs for reading: recursive XY-cut (layout/xy-cut.ts) over the line segments,
 * so pages of one to three columns, with full-width titles, abstracts and captions between bands
 * of columns, and sidebars, are read column by column. `documentGutter` is the two-column gutter
 * most pages of the document share, tried first.
 */
export function readingOrder(runs: readonly TextRun[], documentGutter: number | null = null): Line[] {
  return pageOrder(groupLines(runs), documentGutter).lines;
}

type SegmentBox = Box & { runs: TextRun[] };

/**
 * readingOrder with the runs already grouped into lines (whose segments keep their runs). `gutter` is the first gutter the page was cut at (null: no columns, and `rawLines` is
 * returned as it is).
 */
export function pageOrder(
  rawLines: readonly Line[],
  known: number | null = null,
): { gutter: number | null; lines: Line[] } {
  const boxes: SegmentBox[] = rawLines.flatMap((l) =>
    l.segments.map((s) => segmentBox(s.runs, l.top, l.bottom, s.text.length)),
  );
  if (boxes.some((b) => b.runs.length === 0)) throw new Error('pageOrder needs segments with their runs');
  // Where a column's lines start right of a gutter: the most common x0 right of it.
  const margins = new Map<number, number>();
  const marginRightOf = (g: number) => {
    let margin = margins.get(g);
    if (margin === undefined) {
      const starts = new Map<number, number>();
      for (const b of boxes)
        if (b.x0 > g) starts.set(Math.round(b.x0), (starts.get(Math.round(b.x0)) ?? 0) + 1);
      margin = [...starts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? Number.NaN;
      margins.set(g, margin);
    }
    return margin;
  };
  // An overfull column line runs into the gutter and nearly touches the next column's line: it is
  // two lines, not a full-width one, when the gap between two runs spans the gutter and is wider
  // than a word space (0.5 em) or the right run starts at the right column's margin.
  const split = (b: SegmentBox, g: number): [SegmentBox, SegmentBox] | null => {
    const k = b.runs.findIndex((r, i) => {
      const prev = b.runs[i - 1];
      if (!prev || prev.x1 > g + 1 || r.x0 < g - 1) return false;
      return r.x0 - prev.x1 > 0.5 * r.size || Math.abs(r.x0 - marginRightOf(g)) < 3;
    });
    if (k <= 0) return null;
    const chars = (rs: TextRun[]) => rs.reduce((n, r) => n + r.str.trim().length, 0);
    const [a, c] = [b.runs.slice(0, k), b.runs.slice(k)];
    return [segmentBox(a, b.top, b.bottom, chars(a)), segmentBox(c, b.top, b.bottom, chars(c))];
  };
  const { regions, gutters } = xyCut(boxes, { gutters: known === null ? [] : [known], split });
  if (gutters.length === 0) return { gutter: null, lines: [...rawLines] };
  return {
    gutter: gutters[0]!,
    lines: regions.flatMap((region) => groupLines(region.flatMap((b) => b.runs))),
  };
}

function segmentBox(runs: TextRun[], top: number, bottom: number, chars: number): SegmentBox {
  const x0 = Math.min(...runs.map((r) => r.x0));
  const x1 = Math.max(...runs.map((r) => r.x1));
  const rtl = mostlyRightToLeft(runs);
  return { x0, x1, top, bottom, chars, runs, ...(rtl ? { rtl } : {}) };
}

const letterCount = (s: string) => s.match(/\p{L}/gu)?.length ?? 0;

/**
 * Right to left when most of the letters are in right-to-left runs. Counted in letters, not runs:
 * a section number set as separate glyphs ("2", "-", "5") is many runs with no direction.
 */
function mostlyRightToLeft(runs: readonly TextRun[]): boolean {
  let rtl = 0;
  let other = 0;
  for (const run of runs) {
    if (run.rtl) rtl += Math.max(1, letterCount(run.str));
    else other += letterCount(run.str);
  }
  return rtl > other;
}

/**
 * Runs sorted left to right → reading order of a right-to-left line: reversed, except that each
 * stretch of runs with no right-to-left text (a number, a Latin word) keeps its left-to-right
 * order inside, as the Unicode bidi algorithm shows it.
 */
function readRightToLeft(runs: TextRun[]): void {
  runs.reverse();
  for (let i = 0; i < runs.length; ) {
    if (runs[i]!.rtl) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < runs.length && !runs[j + 1]!.rtl) j++;
    const island = runs.slice(i, j + 1).reverse();
    runs.splice(i, island.length, ...island);
    i = j + 1;
  }
}

/**
 * The gutter most two-column pages of a document share. Pages that are mostly
 * figures, or hold only a few lines of text, fail findGutter's page-level
 * test; the document's layout still tells where their columns are.
 */
export function documentGutter(pageGutters: readonly (number | null)[]): number | null {
  const found = pageGutters.filter((g): g is number => g !== null);
  if (found.length < 2) return null;
  let best: number | null = null;
  let bestVotes = 0;
  for (const g of found) {
    const votes = found.filter((h) => Math.abs(h - g) <= 3).length;
    if (votes > bestVotes) [best, bestVotes] = [g, votes];
  }
  return bestVotes >= Math.max(2, 0.3 * pageGutters.length) ? best : null;
}

/** Relaxed test for a known gutter: at least three prose lines (over 60% of the column wide) on each side. */
export function fitsGutter(lines: readonly Line[], gutter: number): boolean {
  const segments = lines.flatMap((l) => l.segments);
  if (segments.length === 0) return false;
  const left = Math.min(...segments.map((s) => s.x0));
  const right = Math.max(...segments.map((s) => s.x1));
  const leftProse = segments.filter((s) => s.x1 < gutter && s.x1 - s.x0 > 0.6 * (gutter - left)).length;
  const rightProse = segments.filter((s) => s.x0 > gutter && s.x1 - s.x0 > 0.6 * (right - gutter)).length;
  return leftProse >= 3 && rightProse >= 3;
}
