/**
 * A page's ruling segments → one group of rules per table, for lattice tables (lattice.ts): rules
 * drawn a point or two apart are snapped into one, and rules that touch (or stacked rules with table
 * rows between them, booktabs) are one table's. Apart from the grid, which works on one group's
 * rules; the union-find (Groups) serves both, the grid joining its slots with it. Pure geometry.
 */
import type { TextLine } from './table-lines.ts';

/** Rules drawn 1-2 pt apart (double lines, a stroke and a fill of the same edge) are one. */
export const SNAP = 2;
/** A rule missing a few points at a crossing still meets it (pdfplumber's join tolerance is 3). */
export const JOIN = 3;

/** A horizontal and a vertical rule once merged; `box` when every piece was a side of a filled box. */
export interface H {
  y: number;
  x0: number;
  x1: number;
  box: boolean;
}
export interface V {
  x: number;
  y0: number;
  y1: number;
  box: boolean;
}

export function mergeH(list: H[]): H[] {
  list.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const out: H[] = [];
  for (const h of list) {
    const same = out.filter((o) => Math.abs(o.y - h.y) <= SNAP && h.x0 <= o.x1 + JOIN && h.x1 >= o.x0 - JOIN);
    if (same.length === 0) out.push({ ...h });
    else {
      const o = same[0]!;
      o.x0 = Math.min(o.x0, h.x0);
      o.x1 = Math.max(o.x1, h.x1);
      o.box &&= h.box;
    }
  }
  return out;
}

export function mergeV(list: V[]): V[] {
  const flipped = mergeH(list.map((v) => ({ y: v.x, x0: v.y0, x1: v.y1, box: v.box })));
  return flipped.map((f) => ({ x: f.y, y0: f.x0, y1: f.x1, box: f.box }));
}

const crosses = (h: H, v: V) =>
  v.x >= h.x0 - JOIN && v.x <= h.x1 + JOIN && h.y >= v.y0 - JOIN && h.y <= v.y1 + JOIN;
/** Rules of the same width stacked above each other (booktabs: top, mid and bottom rule, no verticals). */
const stacked = (a: H, b: H) => Math.abs(a.x0 - b.x0) <= JOIN && Math.abs(a.x1 - b.x1) <= JOIN;

/**
 * Two stacked rules, the second the next one down, are one table's when what lies between them
 * reads as table rows: at least half its lines fall into two or more cells (or nothing is between
 * them and they are a double rule). A page's running-head rule is as wide as the text, like a table
 * under it; the title, caption and paragraph between them are lines of one piece.
 */
function rowsBetween(a: H, b: H, lines: readonly TextLine[]): boolean {
  // By the line's middle: a line's runs may come from both columns of a page (baselines within half
  // an em), and its `y` is then its leftmost run's.
  const band = lines.filter((l) => (l.top + l.bottom) / 2 > a.y && (l.top + l.bottom) / 2 < b.y);
  const inside = band
    .map((l) => l.pieces.filter(([x0, x1]) => x1 > a.x0 && x0 < a.x1))
    .filter((pieces) => pieces.length > 0);
  // Nothing between them: a double rule when they are close; a page rule over a table when not.
  if (inside.length === 0) return b.y - a.y <= DOUBLE_RULE;
  return inside.filter((pieces) => pieces.length >= 2).length * 2 >= inside.length;
}
/** Two rules at most this far apart with nothing between them are one double rule (points). */
const DOUBLE_RULE = 6;

export class Groups {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, k) => k);
  }
  find(k: number): number {
    let root = k;
    while (this.parent[root] !== root) root = this.parent[root]!;
    this.parent[k] = root;
    return root;
  }
  join(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** Rules that touch, transitively: one group per table (or per stray box). */
export function components(hs: H[], vs: V[], lines: readonly TextLine[]): { hs: H[]; vs: V[] }[] {
  const groups = new Groups(hs.length + vs.length);
  for (const [i, h] of hs.entries()) {
    for (const [j, v] of vs.entries()) if (crosses(h, v)) groups.join(i, hs.length + j);
    // The next stacked rule down (hs is sorted by y), if the band between them holds table rows.
    const next = hs.findIndex((o, k) => k > i && o.y > h.y + SNAP && stacked(h, o));
    if (next > 0 && rowsBetween(h, hs[next]!, lines)) groups.join(i, next);
  }
  const out = new Map<number, { hs: H[]; vs: V[] }>();
  const of = (k: number) => {
    const root = groups.find(k);
    let g = out.get(root);
    if (!g) {
      g = { hs: [], vs: [] };
      out.set(root, g);
    }
    return g;
  };
  for (const [i, h] of hs.entries()) of(i).hs.push(h);
  for (const [j, v] of vs.entries()) of(hs.length + j).vs.push(v);
  return [...out.values()].filter((g) => g.hs.length >= 2 || (g.hs.length >= 1 && g.vs.length >= 2));
}
