/**
 * Lattice tables: ruling lines → grid → cells, the way pdfplumber's table finder and camelot's
 * lattice mode read bordered tables. Segments are snapped and merged, grouped into tables by
 * touching each other, the distinct x of the verticals and y of the horizontals make the grid,
 * and two neighbouring grid slots are one cell where no rule separates them (a merged header
 * spanning two columns). Text runs go to the slot holding their centre. Pure geometry, no pdfjs.
 *
 * This file makes the grid and its cells; ruling-groups.ts snaps, merges and groups the rules into
 * one group per table, text-column-edges.ts finds the columns the rules leave undrawn.
 */
import type { Block, TableCell } from '../../types.ts';
import type { TextRun } from '../layout.ts';
import { pruneEmpty, tableBlock } from './cells.ts';
import { components, Groups, type H, JOIN, mergeH, mergeV, SNAP, type V } from './ruling-groups.ts';
import { stackedRowEdges } from './stacked-rows.ts';
import { clipAt, tableEnd } from './table-end.ts';
import { cellText, textLines } from './table-lines.ts';
import { textColumnEdges } from './text-column-edges.ts';

/** A ruling segment in page points (origin top-left): horizontal when y0 = y1, vertical when x0 = x1. */
export interface Ruling {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** A side of a filled box (a shaded cell) rather than a drawn rule. */
  box?: boolean;
}

export interface FoundTable {
  block: Block;
  /** The runs inside it, which the text flow must skip. */
  runs: Set<TextRun>;
}

export function latticeTables(runs: readonly TextRun[], rulings: readonly Ruling[]): FoundTable[] {
  const hs = mergeH(
    rulings
      .filter((r) => Math.abs(r.y1 - r.y0) < 0.5)
      .map((r) => ({ y: r.y0, x0: r.x0, x1: r.x1, box: r.box === true })),
  );
  const vs = mergeV(
    rulings
      .filter((r) => Math.abs(r.x1 - r.x0) < 0.5)
      .map((r) => ({ x: r.x0, y0: r.y0, y1: r.y1, box: r.box === true })),
  );
  if (hs.length < 2) return [];
  const found: FoundTable[] = [];
  const taken = new Set<TextRun>();
  for (const group of components(hs, vs, textLines(runs))) {
    const table = gridTable(
      group.hs,
      group.vs,
      runs.filter((r) => !taken.has(r)),
    );
    if (!table) continue;
    for (const run of table.runs) taken.add(run);
    found.push(table);
  }
  return found.sort((a, b) => a.block.bbox![1] - b.block.bbox![1]);
}

/** The runs whose centre lies inside the rules' frame. */
function framed(hs: readonly H[], vs: readonly V[], runs: readonly TextRun[]): TextRun[] {
  const left = Math.min(...hs.map((h) => h.x0), ...vs.map((v) => v.x));
  const right = Math.max(...hs.map((h) => h.x1), ...vs.map((v) => v.x));
  const top = Math.min(...hs.map((h) => h.y), ...vs.map((v) => v.y0));
  const bottom = Math.max(...hs.map((h) => h.y), ...vs.map((v) => v.y1));
  return runs.filter((run) => {
    const cx = (run.x0 + run.x1) / 2;
    const cy = run.y - 0.3 * run.size;
    return cx > left && cx < right && cy > top && cy < bottom;
  });
}

/** Sorted distinct values, values closer than SNAP being one. */
function distinct(values: number[]): number[] {
  const out: number[] = [];
  for (const v of values.sort((a, b) => a - b)) if (out.length === 0 || v - out.at(-1)! > SNAP) out.push(v);
  return out;
}

function gridTable(groupHs: H[], groupVs: V[], allRuns: readonly TextRun[]): FoundTable | null {
  let [hs, vs, runs] = [groupHs, groupVs, framed(groupHs, groupVs, allRuns)];
  // Rules reaching far below the rows (a footer's box) stop where the rows do (table-end.ts).
  const end = tableEnd(
    textLines(runs),
    hs.map((h) => h.y),
  );
  if (end !== null) ({ hs, vs, runs } = clipAt(end, hs, vs, runs));
  if (runs.length < 2 || hs.length + vs.length === 0) return null;
  const left = Math.min(...hs.map((h) => h.x0), ...vs.map((v) => v.x));
  const right = Math.max(...hs.map((h) => h.x1), ...vs.map((v) => v.x));
  const top = Math.min(...hs.map((h) => h.y), ...vs.map((v) => v.y0));
  const bottom = end ?? Math.max(...hs.map((h) => h.y), ...vs.map((v) => v.y1));
  const lines = textLines(runs);
  const ruledXs = distinct([left, right, ...vs.map((v) => v.x)]);
  const ruledYs = distinct([top, bottom, ...hs.map((h) => h.y)]);
  // Header lines: those above the first rule inside the table (booktabs' mid rule), else the first.
  const firstInner = ruledYs.find((y) => y > top + SNAP && y < bottom - SNAP);
  const above = firstInner === undefined ? [] : lines.filter((l) => l.y < firstInner);
  const headers = above.length > 0 && above.length < lines.length - 1 ? above : lines.slice(0, 1);
  const textXs = textColumnEdges(lines, left, right, ruledXs, headers);
  // Rows the rules do not draw: a table ruled into at most three bands (booktabs: header and body)
  // has a row per text line, unless its columns are ruled and no band holds more than two lines
  // (a small grid of two-line cells); one ruled row by row keeps each band one row.
  const bands = ruledYs.slice(1).map((y, k) => lines.filter((l) => l.y > ruledYs[k]! && l.y <= y).length);
  const textYs: number[] = [];
  const innerVertical = vs.some((v) => v.x > left + SNAP && v.x < right - SNAP);
  if (bands.filter((n) => n > 0).length <= 3 && (!innerVertical || Math.max(...bands) >= 3)) {
    for (let k = 1; k < lines.length; k++) {
      const y = (lines[k - 1]!.bottom + lines[k]!.top) / 2;
      // A rule between the two lines (not only at their midpoint) already parts them.
      const ruled = ruledYs.some((r) => Math.abs(r - y) <= SNAP || (r > lines[k - 1]!.y && r < lines[k]!.y));
      if (!ruled) textYs.push(y);
    }
  }
  const xs = distinct([...ruledXs, ...textXs]);
  // Bands ruled around several records, each line with its own quantity (stacked-rows.ts).
  if (textYs.length === 0) textYs.push(...stackedRowEdges(runs, ruledYs, xs));
  const ys = distinct([...ruledYs, ...textYs]);
  const xRuled = xs.map((x) => !textXs.includes(x));
  const yRuled = ys.map((y) => !textYs.includes(y));
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  if (nRows < 1 || nCols < 2 || nRows * nCols < 4) return null;
  const linesIn = (r: number) => lines.filter((l) => l.y > ys[r]! && l.y <= ys[r + 1]!);
  // Is there a separator between slot (r, c) and its right / lower neighbour? A rule must cover the
  // middle of the shared side; a text edge separates unless a piece of text in the band crosses it.
  // A rule drawn over most of the table's height is a column rule: where it is missing, the cells
  // either side are one. Sides of shaded cells (zebra rows) and short rules say nothing of the
  // other rows: there text decides, as for a text edge.
  const coverage = (x: number) =>
    vs.filter((v) => !v.box && Math.abs(v.x - x) <= SNAP).reduce((sum, v) => sum + (v.y1 - v.y0), 0) /
    (bottom - top);
  const columnRule = xs.map((x, k) => xRuled[k]! && coverage(x) >= 0.6);
  const vSep = (r: number, c: number) => {
    const x = xs[c + 1]!;
    const [a, b] = [ys[r]!, ys[r + 1]!];
    const m0 = a + (b - a) * 0.25;
    const m1 = b - (b - a) * 0.25;
    if (vs.some((v) => Math.abs(v.x - x) <= SNAP && v.y0 <= m0 + JOIN && v.y1 >= m1 - JOIN)) return true;
    if (columnRule[c + 1]) return false;
    return !linesIn(r).some((l) => l.pieces.some(([p0, p1]) => p0 < x - 1 && p1 > x + 1));
  };
  const hSep = (r: number, c: number) => {
    if (!yRuled[r + 1]) return true;
    const y = ys[r + 1]!;
    const [a, b] = [xs[c]!, xs[c + 1]!];
    const m0 = a + (b - a) * 0.25;
    const m1 = b - (b - a) * 0.25;
    return hs.some((h) => Math.abs(h.y - y) <= SNAP && h.x0 <= m0 + JOIN && h.x1 >= m1 - JOIN);
  };
  // Union of slots not separated; each group's bounding box of slots is a cell.
  const id = (r: number, c: number) => r * nCols + c;
  const groups = new Groups(nRows * nCols);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (c + 1 < nCols && !vSep(r, c)) groups.join(id(r, c), id(r, c + 1));
      if (r + 1 < nRows && !hSep(r, c)) groups.join(id(r, c), id(r + 1, c));
    }
  }
  const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const k = groups.find(id(r, c));
      const b = boxes.get(k);
      if (!b) boxes.set(k, { r0: r, r1: r, c0: c, c1: c });
      else {
        b.r0 = Math.min(b.r0, r);
        b.r1 = Math.max(b.r1, r);
        b.c0 = Math.min(b.c0, c);
        b.c1 = Math.max(b.c1, c);
      }
    }
  }
  const slotCell = new Array<number>(nRows * nCols).fill(-1);
  const cells: (TableCell & { runs: TextRun[] })[] = [];
  for (const b of [...boxes.values()].sort((p, q) => p.r0 - q.r0 || p.c0 - q.c0)) {
    if (slotCell[id(b.r0, b.c0)] !== -1) continue; // overlaps a cell already made (a non-rectangular gap in the rules)
    const index = cells.length;
    for (let r = b.r0; r <= b.r1; r++) {
      for (let c = b.c0; c <= b.c1; c++) if (slotCell[id(r, c)] === -1) slotCell[id(r, c)] = index;
    }
    cells.push({
      row: b.r0,
      col: b.c0,
      rowSpan: b.r1 - b.r0 + 1,
      colSpan: b.c1 - b.c0 + 1,
      text: '',
      bbox: [round(xs[b.c0]!), round(ys[b.r0]!), round(xs[b.c1 + 1]!), round(ys[b.r1 + 1]!)],
      runs: [],
    });
  }
  // A grid that lost all its inner rules to the merge is a frame around text, not a table.
  if (cells.length < 2 || !cells.some((c) => c.col > 0)) return null;
  const inside = new Set<TextRun>();
  for (const run of runs) {
    const cx = (run.x0 + run.x1) / 2;
    const cy = run.y - 0.3 * run.size;
    const c = Math.min(nCols - 1, Math.max(0, xs.findIndex((x) => x > cx) - 1));
    const r = Math.min(nRows - 1, Math.max(0, ys.findIndex((y) => y > cy) - 1));
    const k = slotCell[id(r, c)]!;
    if (k < 0) continue; // a slot no cell claims: its text stays in the page's flow
    cells[k]!.runs.push(run);
    inside.add(run);
  }
  // Text under the table's last row inside the same frame (a note, the next paragraph): a last row
  // that is one cell across the whole table holding a sentence goes back to the page's flow.
  let lastRow = nRows - 1;
  while (lastRow > 1) {
    const row = cells.filter((c) => c.row + c.rowSpan - 1 === lastRow);
    const only = row.length === 1 && row[0]!.row === lastRow && row[0]!.colSpan === nCols ? row[0]! : null;
    if (!only || cellText(only.runs).length < 40) break;
    for (const run of only.runs) inside.delete(run);
    cells.splice(cells.indexOf(only), 1);
    lastRow--;
  }
  const out: TableCell[] = cells.map(({ runs: cellRuns, ...cell }) => ({
    ...cell,
    text: cellText(cellRuns),
  }));
  const filled = out.filter((c) => c.text !== '');
  if (filled.length < 2) return null;
  // A drawing (a figure's lines, a framed code listing) makes a grid of mostly empty slots; a table
  // fills most of its cells.
  if (filled.length < 0.4 * out.length) return null;
  // Prose boxed by rules (a form's frame, a page's header and footer rule around two columns of
  // text) is not a table: table cells are short. Without inner vertical rules the columns come
  // from text alignment alone, so the bar is lower (camelot's stream pitfall).
  const words = filled.map((c) => c.text.split(' ').length).sort((a, b) => a - b);
  const median = words[Math.floor(words.length / 2)]!;
  if (median >= 8 || (!innerVertical && (nRows < 3 || median >= 5))) return null;
  const bbox: [number, number, number, number] = [
    round(left),
    round(top),
    round(right),
    round(ys[lastRow + 1]!),
  ];
  const kept = pruneEmpty(out);
  const height = Math.max(...kept.map((c) => c.row + c.rowSpan));
  return { block: tableBlock(kept, headerRowsOf(kept, height), bbox), runs: inside };
}

/**
 * Header rows: the first row, and as many more as a cell of the first row spans down (a header
 * of two levels: "TEDs" over "simple | complex | all", its neighbours spanning both). Never all rows.
 */
export function headerRowsOf(cells: readonly TableCell[], nRows: number): number {
  const n = Math.max(1, ...cells.filter((c) => c.row === 0).map((c) => c.rowSpan));
  return Math.min(n, Math.max(1, nRows - 1));
}

const round = (n: number) => Math.round(n * 100) / 100;
