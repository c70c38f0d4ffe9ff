/**
 * Reading order by recursive XY-cut over whitespace (Nagy & Seth's XY-cut, with the gutter test of
 * a two-column reader): pure geometry over boxes — a PDF page's line segments, an OCR page's lines —
 * so that text-layer and OCR pages are read alike.
 *
 * A region is cut, in this order of preference:
 * 1. at a gutter already known (the page's, the document's) that no box of the region crosses, or
 *    that only a few full-width boxes cross, when prose lies on a side of it;
 * 2. at wide horizontal whitespace (over 3 text heights) running across the whole region: between
 *    a grid's rows of cards, above and below a full-width figure or another article;
 * 3. at the gutters found in it: the vertical strips crossed by the fewest boxes, with prose
 *    columns (most characters in boxes at least half the column wide) on both sides over a good
 *    part of the region's height. Boxes crossing a gutter (titles, abstracts, wide captions) are
 *    full-width rows: the region splits into bands above, between and below them, each band read
 *    column by column, each row after the band above it;
 * 4. at narrower horizontal whitespace (over 1.5 text heights), when the parts may have columns of
 *    their own.
 * A region none of these cut is a leaf: its boxes are read top to bottom by the caller.
 *
 * Tables are not cut apart: their cells are narrow for the column they would make, so a side of
 * table cells is not prose, and a gutter needs prose on at least one side when known, on both when
 * found. Right-to-left regions (most characters in RTL boxes) read their columns right first.
 * Stream order plays no part: every step sorts by geometry.
 */

import { median } from '../median.ts';

export interface Box {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Characters of text: prose is measured in characters, so a figure's many tick labels do not outvote its lines. */
  chars: number;
  rtl?: boolean;
}

export interface XyCutOptions<T extends Box> {
  /** Gutters known beforehand (the document's two-column gutter). */
  gutters?: readonly number[];
  /** A box crossing gutter `x` that is really two (an overfull column line touching the next column's): its parts, or null. */
  split?: (box: T, x: number) => [T, T] | null;
}

export interface XyCutResult<T extends Box> {
  /** Leaves and full-width rows in reading order; each is read top to bottom. */
  regions: T[][];
  /** Every gutter a region was cut at, in the order first used (empty: the page has no columns). */
  gutters: number[];
}

/** A region is never cut deeper than this (a page has a few levels: bands, columns, sub-columns). */
const MAX_DEPTH = 12;
/**
 * Horizontal whitespace, in median text heights, that cuts a region before its gutters are looked
 * for: more than a paragraph or heading space (1-2) lining up in both columns, as between a grid's
 * rows of cards or above and below a full-width figure.
 */
const WIDE_GAP = 3;
/** Horizontal whitespace that cuts a region with no gutter, so that its parts may find theirs. */
const NARROW_GAP = 1.5;
/** A gutter is at least this wide in points (3 pt: the old two-column test's minimum). */
const MIN_GUTTER = 3;
/**
 * A prose column is at least this many text heights wide: newsletter columns (3 on a letter page)
 * are 12-20, margin notes and sidebars 9-15, a table's columns mostly under 7.
 */
const MIN_COLUMN_EM = 8;

export function xyCut<T extends Box>(boxes: readonly T[], options: XyCutOptions<T> = {}): XyCutResult<T> {
  const regions: T[][] = [];
  const used: number[] = [];
  const use = (g: number) => {
    if (!used.some((u) => Math.abs(u - g) < 1)) used.push(g);
  };
  const split = options.split ?? (() => null);

  const cut = (region: T[], known: readonly number[], depth: number): void => {
    if (region.length === 0) return;
    if (region.length === 1 || depth > MAX_DEPTH) {
      regions.push(region);
      return;
    }
    const left = Math.min(...region.map((b) => b.x0));
    const right = Math.max(...region.map((b) => b.x1));
    // 1. A known gutter.
    for (const g of known) {
      if (g <= left + MIN_GUTTER || g >= right - MIN_GUTTER) continue;
      const parts = splitAt(region, [g], split);
      if (fitsKnown(parts, g, left, right)) {
        use(g);
        bands(parts, [g], known, depth);
        return;
      }
    }
    // 2. Wide horizontal whitespace (a grid of cards is read row by row; a figure's band ends).
    const rows = yParts(region, WIDE_GAP);
    if (rows.length > 1) {
      for (const part of rows) cut(part, known, depth + 1);
      return;
    }
    // 3. Gutters found in the region.
    const found = findGutters(region, 0);
    if (found.length > 0) {
      for (const g of found) use(g);
      bands(splitAt(region, found, split), found, [...known, ...found], depth);
      return;
    }
    // 4. Narrower horizontal whitespace.
    const parts = yParts(region, NARROW_GAP);
    if (parts.length > 1) {
      for (const part of parts) cut(part, known, depth + 1);
      return;
    }
    regions.push(region);
  };

  /** The region's boxes (crossing ones split when they are two) cut into bands by the boxes still crossing a gutter. */
  const bands = (boxes: T[], gutters: readonly number[], known: readonly number[], depth: number) => {
    const crosses = (b: Box) => gutters.some((g) => b.x0 < g - 1 && b.x1 > g + 1);
    const wide = boxes.filter(crosses).sort((a, b) => a.top - b.top);
    let rest = boxes.filter((b) => !crosses(b));
    if (wide.length === 0) {
      // Nothing spans: columns side by side, cut at every gutter.
      const columns = columnsOf(rest, gutters);
      if (rtlShare(rest) > 0.5) columns.reverse();
      for (const column of columns) cut(column, known, depth + 1);
      return;
    }
    // Full-width rows: wide boxes overlapping in y read as one row.
    const rows: T[][] = [];
    for (const b of wide) {
      const row = rows.at(-1);
      const rowBottom = row ? Math.max(...row.map((r) => r.bottom)) : Number.NEGATIVE_INFINITY;
      if (row && b.top < rowBottom - 0.3 * (b.bottom - b.top)) row.push(b);
      else rows.push([b]);
    }
    for (const row of rows) {
      const y = Math.min(...row.map((b) => (b.top + b.bottom) / 2));
      const band = rest.filter((b) => (b.top + b.bottom) / 2 < y);
      rest = rest.filter((b) => (b.top + b.bottom) / 2 >= y);
      cut(band, known, depth + 1);
      regions.push(row);
    }
    cut(rest, known, depth + 1);
  };

  cut([...boxes], options.gutters ?? [], 0);
  return { regions, gutters: used };
}

/** Crossing boxes replaced by their parts where `split` says they are two. */
function splitAt<T extends Box>(
  region: readonly T[],
  gutters: readonly number[],
  split: (b: T, x: number) => [T, T] | null,
): T[] {
  const out: T[] = [];
  for (const b of region) {
    const g = gutters.find((x) => b.x0 < x - 1 && b.x1 > x + 1);
    const parts = g === undefined ? null : split(b, g);
    if (parts) out.push(...parts);
    else out.push(b);
  }
  return out;
}

/** Boxes by the column between consecutive gutters their centre falls in. */
function columnsOf<T extends Box>(boxes: readonly T[], gutters: readonly number[]): T[][] {
  const sorted = [...gutters].sort((a, b) => a - b);
  const columns: T[][] = sorted.map(() => []);
  columns.push([]);
  for (const b of boxes) {
    const mid = (b.x0 + b.x1) / 2;
    let k = 0;
    while (k < sorted.length && mid >= sorted[k]!) k++;
    columns[k]!.push(b);
  }
  return columns.filter((c) => c.length > 0);
}

const rtlShare = (boxes: readonly Box[]) => {
  const total = boxes.reduce((s, b) => s + b.chars, 0);
  return total > 0 ? boxes.filter((b) => b.rtl).reduce((s, b) => s + b.chars, 0) / total : 0;
};

/** Prose fills its column; a table's cells are narrow. Share of characters in boxes over half the column wide. */
function fill(boxes: readonly Box[], columnWidth: number): number {
  const total = boxes.reduce((sum, b) => sum + b.chars, 0);
  const full = boxes.filter((b) => b.x1 - b.x0 > 0.5 * columnWidth).reduce((sum, b) => sum + b.chars, 0);
  return total > 0 ? full / total : 0;
}

/** The median box height: the region's text height, what a page's few big or merged lines do not move. */
const medianHeight = (boxes: readonly Box[]) => median(boxes.map((b) => b.bottom - b.top));

const height = (boxes: readonly Box[]) =>
  boxes.length ? Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top)) : 0;

/**
 * A known gutter fits a region when boxes lie on both sides, prose on at least one (a band of a
 * table on both sides is not cut), and the boxes crossing it are under 60% of the text's height.
 */
function fitsKnown(region: readonly Box[], g: number, left: number, right: number): boolean {
  const leftBoxes = region.filter((b) => b.x1 <= g + 1);
  const rightBoxes = region.filter((b) => b.x0 >= g - 1);
  if (leftBoxes.length === 0 || rightBoxes.length === 0) return false;
  const crossing = region.filter((b) => b.x0 < g - 1 && b.x1 > g + 1);
  const crossHeight = crossing.reduce((s, b) => s + (b.bottom - b.top), 0);
  if (crossHeight >= 0.6 * height(region)) return false;
  return fill(leftBoxes, g - left) > 0.5 || fill(rightBoxes, right - g) > 0.5;
}

/**
 * The gutters of a region: strips (at least 3 pt wide, within its middle 80%) crossed by the fewest
 * boxes, each with prose columns on both sides. Each side is measured to the next candidate gutter
 * (three columns) or the region's edge; a side that fails the fill test still passes when it has
 * gutters of its own (a headline over two of three columns crosses only the second gutter).
 */
export function findGutters(region: readonly Box[], depth: number): number[] {
  if (region.length < 10 || depth > 2) return [];
  const left = Math.min(...region.map((b) => b.x0));
  const right = Math.max(...region.map((b) => b.x1));
  const width = right - left;
  if (width <= 4 * MIN_GUTTER) return [];
  // Boxes crossing each whole point x (a difference array: O(boxes + width)).
  const origin = Math.floor(left);
  const n = Math.ceil(right) - origin + 2;
  const diff = new Int32Array(n + 1);
  for (const b of region) {
    const from = Math.floor(b.x0) + 1 - origin; // first whole x strictly inside
    const to = Math.ceil(b.x1) - 1 - origin; // last whole x strictly inside
    if (to >= from) {
      diff[from]!++;
      diff[to + 1]!--;
    }
  }
  const count = new Int32Array(n);
  for (let i = 0, c = 0; i < n; i++) {
    c += diff[i]!;
    count[i] = c;
  }
  const from = Math.floor(left + width * 0.1) - origin;
  const to = Math.ceil(right - width * 0.1) - origin;
  let min = Number.POSITIVE_INFINITY;
  for (let i = from; i <= to; i++) min = Math.min(min, count[i]!);
  const candidates: { x: number; len: number }[] = [];
  for (let i = from; i <= to; i++) {
    if (count[i] !== min) continue;
    let j = i;
    while (j + 1 <= to && count[j + 1] === min) j++;
    if (j - i + 1 >= MIN_GUTTER) candidates.push({ x: origin + (i + j) / 2, len: j - i + 1 });
    i = j;
  }
  if (candidates.length === 0) return [];
  const textHeight = height(region);
  const em = medianHeight(region);
  const accepted: number[] = [];
  for (const [k, c] of candidates.entries()) {
    const g = c.x;
    const edgeL = k > 0 ? candidates[k - 1]!.x : left;
    const edgeR = k + 1 < candidates.length ? candidates[k + 1]!.x : right;
    const leftBoxes = region.filter((b) => b.x1 <= g);
    const rightBoxes = region.filter((b) => b.x0 >= g);
    const wide = region.filter((b) => b.x0 < g && b.x1 > g);
    const wideHeight = wide.reduce((s, b) => s + (b.bottom - b.top), 0);
    // A column of prose is some words wide; table columns mostly are not. A side set smaller
    // than the region is measured in its own text: a 90 pt sidebar in 7.6 pt beside an abstract
    // in 11.4 pt is 9 of its own line heights, under 8 of the region's. (Only ever the smaller:
    // a side's lines merged with the other side's are taller than either.)
    const side = (boxes: Box[], columnWidth: number) =>
      (columnWidth >= MIN_COLUMN_EM * Math.min(em, medianHeight(boxes)) && fill(boxes, columnWidth) > 0.5) ||
      findGutters(boxes, depth + 1).length > 0;
    // A box mostly on one side that still reaches well past the gutter (over 2 em) is a line of
    // columns laid out otherwise (another article above or below): three such, and this strip is
    // not this region's gutter — the whitespace cut (step 3) separates the two layouts first.
    const misfits = wide.filter((b) => {
      const short = Math.min(g - b.x0, b.x1 - g);
      return short < 0.25 * (b.x1 - b.x0) && short > 2 * em;
    }).length;
    const ok =
      misfits < 3 &&
      leftBoxes.length >= 5 &&
      rightBoxes.length >= 5 &&
      wideHeight < 0.6 * textHeight &&
      // Columns run down a good part of the region; a margin note or a sidebar beside one may be short.
      Math.min(height(leftBoxes), height(rightBoxes)) > 0.15 * textHeight &&
      Math.max(height(leftBoxes), height(rightBoxes)) > 0.3 * textHeight &&
      side(leftBoxes, g - edgeL) &&
      side(rightBoxes, edgeR - g);
    if (ok) accepted.push(g);
  }
  return accepted;
}

/** The region cut at horizontal whitespace over `factor` times its median box height, when there is any. */
function yParts<T extends Box>(region: readonly T[], factor: number): T[][] {
  if (region.length < 10) return [region as T[]];
  const sorted = [...region].sort((a, b) => a.top - b.top);
  const heights = sorted.map((b) => b.bottom - b.top).sort((a, b) => a - b);
  const gap = factor * heights[Math.floor(heights.length / 2)]!;
  const parts: T[][] = [];
  let bottom = Number.NEGATIVE_INFINITY;
  for (const b of sorted) {
    if (parts.length === 0 || b.top > bottom + gap) parts.push([b]);
    else parts.at(-1)!.push(b);
    bottom = Math.max(bottom, b.bottom);
  }
  return parts;
}
