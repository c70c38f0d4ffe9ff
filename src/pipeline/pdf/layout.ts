/**
 * Reading order for one PDF page: text runs → lines, with two-column pages
 * read left column then right column. Pure geometry, no pdfjs: runs worker-side
 * and is unit-tested on synthetic runs.
 *
 * Coordinates are PDF points, origin top-left (y grows downward).
 */
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
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: { y: number; size: number; runs: TextRun[] }[] = [];
  for (const run of sorted) {
    const last = groups.at(-1);
    if (last && Math.abs(run.y - last.y) < 0.5 * Math.max(run.size, last.size)) {
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

function makeLine(runs: TextRun[], y: number, size: number): Line {
  runs.sort((a, b) => a.x0 - b.x0);
  // pdfjs gives RTL runs already in logical order; a mostly-RTL line is read from its right end.
  const rtl = runs.filter((r) => r.rtl).length * 2 > runs.length;
  if (rtl) runs.reverse();
  const segments: Segment[] = [];
  let text = '';
  let prev: TextRun | null = null;
  let seg: Segment | null = null;
  for (const run of runs) {
    // Fake bold: the same glyphs printed twice a fraction of a point apart.
    if (prev && run.str === prev.str && Math.abs(run.x0 - prev.x0) < 1) continue;
    const gap = prev ? (rtl ? prev.x0 - run.x1 : run.x0 - prev.x1) : 0;
    if (!seg || gap > SEGMENT_GAP_EM * size) {
      seg = { text: run.str.trim(), x0: run.x0, x1: run.x1, runs: [run] };
      segments.push(seg);
      text += prev ? ` ${run.str.trimStart()}` : run.str;
    } else {
      const space = gap > 0.15 * size && !/\s$/.test(seg.text) && !/^\s/.test(run.str) ? ' ' : '';
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
  return { text: text.replace(/\s+/g, ' ').trim(), x0, x1, top, bottom, y, size, segments, ...font };
}

/**
 * Orders a page's runs for reading. A page is two-column when a vertical
 * gutter near the middle is crossed by few line segments while prose lies on
 * both sides over a good part of the page. Lines crossing the gutter (titles,
 * abstracts, wide figures' captions) split the page into bands; each band is
 * read left column, then right column.
 */
export function readingOrder(runs: readonly TextRun[], documentGutter: number | null = null): Line[] {
  const rawLines = groupLines(runs);
  let gutter = findGutter(rawLines);
  if (gutter === null && documentGutter !== null && fitsGutter(rawLines, documentGutter))
    gutter = documentGutter;
  return gutter === null ? rawLines : columnOrder(runs, rawLines, gutter);
}

/**
 * readingOrder's second half, for a gutter already known: `rawLines` must be
 * groupLines(runs) of these very run objects (wide runs are found by identity).
 */
export function columnOrder(runs: readonly TextRun[], rawLines: readonly Line[], gutter: number): Line[] {
  const crossing = (r: { x0: number; x1: number }) => r.x0 < gutter - 1 && r.x1 > gutter + 1;
  // Where right-column lines start: the most common x0 right of the gutter.
  const starts = new Map<number, number>();
  for (const l of rawLines) {
    for (const s of l.segments)
      if (s.x0 > gutter) starts.set(Math.round(s.x0), (starts.get(Math.round(s.x0)) ?? 0) + 1);
  }
  const rightMargin = [...starts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? Number.NaN;
  const wide = new Set<TextRun>();
  for (const line of rawLines) {
    for (const seg of line.segments.filter(crossing)) {
      // An overfull left-column line runs into the gutter and nearly touches the right column's line:
      // it is two lines, not a full-width one, when the gap between two runs spans the gutter and is
      // wider than a word space (0.5 em) or the right run starts at the right column's margin.
      const split = seg.runs.some((r, k) => {
        const prev = seg.runs[k - 1];
        if (!prev || prev.x1 > gutter + 1 || r.x0 < gutter - 1) return false;
        return r.x0 - prev.x1 > 0.5 * r.size || Math.abs(r.x0 - rightMargin) < 3;
      });
      if (!split) for (const r of seg.runs) wide.add(r);
    }
  }
  const wideRuns: TextRun[] = [];
  const columnRuns: TextRun[] = [];
  for (const run of runs) (wide.has(run) ? wideRuns : columnRuns).push(run);

  const wideLines = groupLines(wideRuns);
  const out: Line[] = [];
  let remaining = columnRuns;
  for (const wide of [...wideLines, null]) {
    const limit = wide ? wide.y : Number.POSITIVE_INFINITY;
    const band = remaining.filter((r) => r.y < limit);
    remaining = remaining.filter((r) => r.y >= limit);
    const mid = (r: TextRun) => (r.x0 + r.x1) / 2;
    out.push(...groupLines(band.filter((r) => mid(r) < gutter)));
    out.push(...groupLines(band.filter((r) => mid(r) >= gutter)));
    if (wide) out.push(wide);
  }
  return out;
}

/** The x of a two-column gutter, or null for single-column (or table-like) pages. */
export function findGutter(lines: readonly Line[]): number | null {
  const segments = lines.flatMap((l) =>
    l.segments.map((s) => ({ text: s.text, x0: s.x0, x1: s.x1, top: l.top, bottom: l.bottom })),
  );
  if (segments.length < 10) return null;
  const left = Math.min(...segments.map((s) => s.x0));
  const right = Math.max(...segments.map((s) => s.x1));
  const width = right - left;
  if (width <= 0) return null;

  // Scan the middle half for the x crossed by the fewest segments; take the middle of the widest such run.
  let best = Number.POSITIVE_INFINITY;
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  const from = Math.floor(left + width * 0.3);
  const to = Math.ceil(left + width * 0.7);
  for (let x = from; x <= to + 1; x++) {
    const count = x > to ? Number.POSITIVE_INFINITY : segments.filter((s) => s.x0 < x && s.x1 > x).length;
    if (count < best) {
      best = count;
      runStart = x;
      bestStart = x;
      bestLen = 1;
    } else if (count === best) {
      if (runStart < 0) runStart = x;
      if (x - runStart + 1 > bestLen) {
        bestStart = runStart;
        bestLen = x - runStart + 1;
      }
    } else {
      runStart = -1;
    }
  }
  if (bestStart < 0 || bestLen < 3) return null;
  const gutter = bestStart + (bestLen - 1) / 2;

  const leftSegs = segments.filter((s) => s.x1 <= gutter);
  const rightSegs = segments.filter((s) => s.x0 >= gutter);
  const wide = segments.filter((s) => s.x0 < gutter && s.x1 > gutter);
  const textTop = Math.min(...segments.map((s) => s.top));
  const textHeight = Math.max(...segments.map((s) => s.bottom)) - textTop;
  const span = (ss: typeof segments) =>
    ss.length ? Math.max(...ss.map((s) => s.bottom)) - Math.min(...ss.map((s) => s.top)) : 0;
  const wideHeight = wide.reduce((sum, s) => sum + (s.bottom - s.top), 0);
  // Prose fills its column; a table's cells are narrow. Counted in characters so that a figure's
  // many short tick labels in one column do not outvote its text lines.
  const fill = (ss: typeof segments, columnWidth: number) => {
    const total = ss.reduce((sum, s) => sum + s.text.length, 0);
    const full = ss.filter((s) => s.x1 - s.x0 > 0.5 * columnWidth).reduce((sum, s) => sum + s.text.length, 0);
    return total > 0 ? full / total : 0;
  };
  const leftFill = fill(leftSegs, gutter - left);
  const rightFill = fill(rightSegs, right - gutter);
  const twoColumns =
    leftSegs.length >= 5 &&
    rightSegs.length >= 5 &&
    wideHeight < 0.6 * textHeight &&
    span(leftSegs) > 0.3 * textHeight &&
    span(rightSegs) > 0.3 * textHeight &&
    leftFill > 0.5 &&
    rightFill > 0.5;
  return twoColumns ? gutter : null;
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
