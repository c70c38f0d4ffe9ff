/**
 * Lattice tables: ruling lines → grid → cells, the way pdfplumber's table finder and camelot's
 * lattice mode read bordered tables. Segments are snapped and merged, grouped into tables by
 * touching each other, the distinct x of the verticals and y of the horizontals make the grid,
 * and two neighbouring grid slots are one cell where no rule separates them (a merged header
 * spanning two columns). Text runs go to the slot holding their centre. Pure geometry, no pdfjs.
 */
import type { Block, TableCell } from '../../types.ts';
import type { TextRun } from '../layout.ts';
import { joinCellLines, tableBlock } from './cells.ts';

/** A ruling segment in page points (origin top-left): horizontal when y0 = y1, vertical when x0 = x1. */
export interface Ruling {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Rules drawn 1-2 pt apart (double lines, a stroke and a fill of the same edge) are one. */
const SNAP = 2;
/** A rule missing a few points at a crossing still meets it (pdfplumber's join tolerance is 3). */
const JOIN = 3;

interface H {
  y: number;
  x0: number;
  x1: number;
}
interface V {
  x: number;
  y0: number;
  y1: number;
}

export interface FoundTable {
  block: Block;
  /** The runs inside it, which the text flow must skip. */
  runs: Set<TextRun>;
}

export function latticeTables(runs: readonly TextRun[], rulings: readonly Ruling[]): FoundTable[] {
  const hs = mergeH(
    rulings.filter((r) => Math.abs(r.y1 - r.y0) < 0.5).map((r) => ({ y: r.y0, x0: r.x0, x1: r.x1 })),
  );
  const vs = mergeV(
    rulings.filter((r) => Math.abs(r.x1 - r.x0) < 0.5).map((r) => ({ x: r.x0, y0: r.y0, y1: r.y1 })),
  );
  if (hs.length < 2 || vs.length < 2) return [];
  const found: FoundTable[] = [];
  const taken = new Set<TextRun>();
  for (const group of components(hs, vs)) {
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

function mergeH(list: H[]): H[] {
  list.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const out: H[] = [];
  for (const h of list) {
    const same = out.filter((o) => Math.abs(o.y - h.y) <= SNAP && h.x0 <= o.x1 + JOIN && h.x1 >= o.x0 - JOIN);
    if (same.length === 0) out.push({ ...h });
    else {
      const o = same[0]!;
      o.x0 = Math.min(o.x0, h.x0);
      o.x1 = Math.max(o.x1, h.x1);
    }
  }
  return out;
}

function mergeV(list: V[]): V[] {
  const flipped = mergeH(list.map((v) => ({ y: v.x, x0: v.y0, x1: v.y1 })));
  return flipped.map((f) => ({ x: f.y, y0: f.x0, y1: f.x1 }));
}

const crosses = (h: H, v: V) =>
  v.x >= h.x0 - JOIN && v.x <= h.x1 + JOIN && h.y >= v.y0 - JOIN && h.y <= v.y1 + JOIN;

/** Rules that touch, transitively: one group per table (or per stray box). */
function components(hs: H[], vs: V[]): { hs: H[]; vs: V[] }[] {
  const parent = [...hs, ...vs].map((_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  hs.forEach((h, i) =>
    vs.forEach((v, j) => {
      if (crosses(h, v)) parent[find(i)] = find(hs.length + j);
    }),
  );
  const groups = new Map<number, { hs: H[]; vs: V[] }>();
  hs.forEach((h, i) => {
    const g = groups.get(find(i)) ?? { hs: [], vs: [] };
    g.hs.push(h);
    groups.set(find(i), g);
  });
  vs.forEach((v, j) => {
    const g = groups.get(find(hs.length + j)) ?? { hs: [], vs: [] };
    g.vs.push(v);
    groups.set(find(hs.length + j), g);
  });
  return [...groups.values()].filter((g) => g.hs.length >= 2 && g.vs.length >= 2);
}

/** Sorted distinct values, values closer than SNAP being one. */
function distinct(values: number[]): number[] {
  const out: number[] = [];
  for (const v of values.sort((a, b) => a - b)) if (out.length === 0 || v - out.at(-1)! > SNAP) out.push(v);
  return out;
}

function gridTable(hs: H[], vs: V[], runs: readonly TextRun[]): FoundTable | null {
  const xs = distinct(vs.map((v) => v.x));
  const ys = distinct(hs.map((h) => h.y));
  const nRows = ys.length - 1;
  const nCols = xs.length - 1;
  if (nRows < 1 || nCols < 2 || nRows * nCols < 4) return null;
  // Is there a rule between slot (r, c) and its right / lower neighbour? It must cover the middle of the shared side.
  const vRule = (r: number, c: number) => {
    const x = xs[c + 1]!;
    const [a, b] = [ys[r]!, ys[r + 1]!];
    const m0 = a + (b - a) * 0.25;
    const m1 = b - (b - a) * 0.25;
    return vs.some((v) => Math.abs(v.x - x) <= SNAP && v.y0 <= m0 + JOIN && v.y1 >= m1 - JOIN);
  };
  const hRule = (r: number, c: number) => {
    const y = ys[r + 1]!;
    const [a, b] = [xs[c]!, xs[c + 1]!];
    const m0 = a + (b - a) * 0.25;
    const m1 = b - (b - a) * 0.25;
    return hs.some((h) => Math.abs(h.y - y) <= SNAP && h.x0 <= m0 + JOIN && h.x1 >= m1 - JOIN);
  };
  // Union of slots not separated by a rule; each group's bounding box of slots is a cell.
  const id = (r: number, c: number) => r * nCols + c;
  const parent = Array.from({ length: nRows * nCols }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      if (c + 1 < nCols && !vRule(r, c)) parent[find(id(r, c))] = find(id(r, c + 1));
      if (r + 1 < nRows && !hRule(r, c)) parent[find(id(r, c))] = find(id(r + 1, c));
    }
  }
  const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const k = find(id(r, c));
      const b = boxes.get(k);
      if (!b) boxes.set(k, { r0: r, r1: r, c0: c, c1: c });
      else
        Object.assign(b, {
          r0: Math.min(b.r0, r),
          r1: Math.max(b.r1, r),
          c0: Math.min(b.c0, c),
          c1: Math.max(b.c1, c),
        });
    }
  }
  const slotCell = new Array<number>(nRows * nCols).fill(-1);
  const cells: (TableCell & { runs: TextRun[] })[] = [];
  for (const b of [...boxes.values()].sort((p, q) => p.r0 - q.r0 || p.c0 - q.c0)) {
    if (slotCell[id(b.r0, b.c0)] !== -1) continue; // overlaps a cell already made (a non-rectangular gap in the rules)
    const index = cells.length;
    for (let r = b.r0; r <= b.r1; r++)
      for (let c = b.c0; c <= b.c1; c++) if (slotCell[id(r, c)] === -1) slotCell[id(r, c)] = index;
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
    if (cx < xs[0]! || cx > xs[nCols]! || cy < ys[0]! || cy > ys[nRows]!) continue;
    const c = Math.min(nCols - 1, Math.max(0, xs.findIndex((x) => x > cx) - 1));
    const r = Math.min(nRows - 1, Math.max(0, ys.findIndex((y) => y > cy) - 1));
    const k = slotCell[id(r, c)]!;
    if (k < 0) continue;
    cells[k]!.runs.push(run);
    inside.add(run);
  }
  const filled = cells.filter((c) => c.runs.length > 0).length;
  if (filled < 2) return null;
  const out: TableCell[] = cells.map(({ runs: cellRuns, ...cell }) => ({
    ...cell,
    text: cellText(cellRuns),
  }));
  const bbox: [number, number, number, number] = [
    round(xs[0]!),
    round(ys[0]!),
    round(xs[nCols]!),
    round(ys[nRows]!),
  ];
  return { block: tableBlock(out, headerRowsOf(out, nRows), bbox), runs: inside };
}

/**
 * Header rows: the first row, and as many more as a cell of the first row spans down; a first-row
 * cell spanning columns (a group heading) puts one more row of sub-headings under it. Never all rows.
 */
export function headerRowsOf(cells: readonly TableCell[], nRows: number): number {
  const first = cells.filter((c) => c.row === 0);
  let n = Math.max(1, ...first.map((c) => c.rowSpan));
  if (first.some((c) => c.colSpan > 1)) n = Math.max(n, 2);
  return Math.min(n, Math.max(1, nRows - 1));
}

/** Runs → text: lines by baseline, top to bottom, runs left to right; lines joined with a space. */
export function cellText(runs: readonly TextRun[]): string {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const lines: TextRun[][] = [];
  for (const run of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(run.y - line[0]!.y) < 0.5 * Math.max(run.size, line[0]!.size)) line.push(run);
    else lines.push([run]);
  }
  return joinCellLines(
    lines.map((line) => {
      line.sort((a, b) => a.x0 - b.x0);
      let text = '';
      let prev: TextRun | null = null;
      for (const run of line) {
        const gap = prev ? run.x0 - prev.x1 : 0;
        const space = prev && gap > 0.15 * run.size && !/\s$/.test(text) && !/^\s/.test(run.str) ? ' ' : '';
        text += space + run.str;
        prev = run;
      }
      return text.replace(/\s+/g, ' ').trim();
    }),
  );
}

const round = (n: number) => Math.round(n * 100) / 100;
