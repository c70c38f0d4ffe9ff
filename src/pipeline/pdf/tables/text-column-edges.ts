/**
 * Column edges a lattice table's rules do not draw (lattice.ts): x ranges inside the table that no
 * text line covers, kept where they split a ruled column, and where in each range to cut so that a
 * header stays in its column. Apart from the grid because it reads the text's alignment where the
 * grid reads rules: the ruled x only say which column a range would split. Pure geometry.
 */
import { SNAP } from './ruling-groups.ts';
import type { TextLine } from './table-lines.ts';

/**
 * Column edges the rules do not draw: x ranges inside the table that (almost) no text line covers,
 * with text on both sides. A heading spanning columns may cross one (a fifth of the lines may).
 */
export function textColumnEdges(
  allLines: readonly TextLine[],
  x0: number,
  x1: number,
  ruled: readonly number[],
  headers: readonly TextLine[],
): number[] {
  if (allLines.length < 2) return [];
  // The body's columns decide where the edges are: headers set over two columns, or flush left
  // over numbers set flush right, would cut free ranges of their own. Where to cut each range
  // is then read from a header line with one piece per column (cutUnderHeader).
  const body = allLines.filter((l) => !headers.includes(l));
  const lines = body.length >= 2 ? body : allLines;
  const from = Math.floor(x0);
  const cover = new Array<number>(Math.ceil(x1) - from + 1).fill(0);
  for (const line of lines) {
    for (const [a, b] of line.pieces)
      for (
        let x = Math.max(0, Math.floor(a) - from);
        x <= Math.min(cover.length - 1, Math.ceil(b) - from);
        x++
      )
        cover[x]!++;
  }
  const allowed = Math.floor(lines.length * 0.2);
  const leftmost = Math.min(...lines.flatMap((l) => l.pieces.map((p) => p[0])));
  const rightmost = Math.max(...lines.flatMap((l) => l.pieces.map((p) => p[1])));
  const ranges: [number, number][] = [];
  let start = -1;
  for (let x = 0; x <= cover.length; x++) {
    const free = x < cover.length && cover[x]! <= allowed;
    if (free && start < 0) start = x;
    if (!free && start >= 0) {
      const [a, b] = [from + start, from + x - 1];
      const mid = (a + b) / 2;
      if (
        b - a >= 2 &&
        a > leftmost &&
        b < rightmost &&
        !ruled.some((r) => Math.abs(r - mid) <= (b - a) / 2 + SNAP) &&
        splitsColumn(lines, mid, ruled)
      )
        ranges.push([a, b]);
      start = -1;
    }
  }
  const header = [...headers].reverse().find((l) => l.pieces.length === ranges.length + 1);
  return ranges.map((range) => (header ? cutUnderHeader(range, ranges, header) : clearOf(range, headers)));
}

/**
 * The middle of the widest stretch of `range` that no header piece covers (the range's middle when
 * every point is covered): a cut through a header word would make it span the columns either side.
 */
function clearOf(range: [number, number], headers: readonly TextLine[]): number {
  const pieces = headers
    .flatMap((l) => l.pieces)
    .filter(([a, b]) => b > range[0] && a < range[1])
    .sort((p, q) => p[0] - q[0]);
  let best: [number, number] | null = null;
  let from = range[0];
  for (const [a, b] of [...pieces, [range[1], range[1]] as [number, number]]) {
    if (a > from && (!best || a - from > best[1] - best[0])) best = [from, Math.min(a, range[1])];
    from = Math.max(from, b);
  }
  return best ? (best[0] + best[1]) / 2 : (range[0] + range[1]) / 2;
}

/**
 * Where to cut a free x range, given a header line with one piece per column: in the gap between
 * two of its pieces when the range holds it, else the range's middle.
 * Headers set flush left over numbers set flush right ("Q1", "Q2" over two columns of figures) sit
 * inside the range the numbers leave free, and its plain middle put "Q2" in the column before.
 */
function cutUnderHeader(range: [number, number], all: readonly [number, number][], header: TextLine): number {
  const [a, b] = range;
  const mid = (a + b) / 2;
  const pieces = header.pieces;
  const k = all.indexOf(range);
  const [gap0, gap1] = [pieces[k]![1], pieces[k + 1]![0]];
  const [from, to] = [Math.max(a, gap0), Math.min(b, gap1)];
  return to > from ? (from + to) / 2 : mid;
}

/**
 * Whether a free x splits its ruled column in two: most lines with text in that column have text on
 * both sides of it (a column of left-aligned text narrower than its rules leaves a gap that does not).
 */
function splitsColumn(lines: readonly TextLine[], x: number, ruled: readonly number[]): boolean {
  const lo = Math.max(...ruled.filter((r) => r < x));
  const hi = Math.min(...ruled.filter((r) => r > x));
  let used = 0;
  let both = 0;
  for (const line of lines) {
    const inColumn = line.pieces.filter(([a, b]) => b > lo && a < hi);
    if (inColumn.length === 0) continue;
    used++;
    if (inColumn.some(([, b]) => b < x) && inColumn.some(([a]) => a > x)) both++;
  }
  return both >= 2 && both >= 0.5 * used;
}
