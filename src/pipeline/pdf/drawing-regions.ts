/**
 * Vector figures: a page's painted path pieces (drawing-paths.ts) → regions that may be figures
 * (charts, plots, diagrams). Pieces that touch or lie within GAP of each other join one region
 * (union-find over a grid); a region is kept when it draws something a table or a text box does
 * not — a curve, a slanted line, a polygon, or at least three filled or framed boxes (bars) — and
 * is not mostly text (a sidebar, a shaded table), nor a table lattice found. Size is judged later
 * with the image regions by layout/figures.ts (figureRegions), which also drops a region holding
 * more than a few labels' worth of text. A region grows over the short text runs at its edge
 * (tick labels, axis titles): the figure's crop shows them, as a reader sees the figure.
 */
import type { BoundingBox } from '../types.ts';
import type { PathPiece } from './drawing-paths.ts';
import type { TextRun } from './layout.ts';

/** Pieces nearer than this (points) belong together: bars standing on an axis, an arrow at its box. */
const GAP = 5;
/** A piece covering more of the page than this is a background or a page frame: it joins nothing. */
const maxPieceShare = 0.6;
/** Bars, cells of a diagram: this many boxes with no curve or slant still make a drawing. */
const minBoxes = 3;
/**
 * Text area (run width × font size) over region area above which a region is text on a shaded or
 * framed box (a sidebar, a table): a paragraph in a box covers ~50%; axis labels and legends of a
 * chart ~5–15%, the labelled boxes of a flow chart ~20%.
 */
const maxTextCover = 0.3;
/** A region overlapping a table found from rulings by more than this share of its own area is that table. */
const maxTableShare = 0.5;
/**
 * A label at a region's edge: short, and within this share of its height (1.25 font sizes) of the
 * region — matplotlib sets tick labels ~0.7 font sizes off the axes frame.
 */
const labelChars = 24;
const labelReach = 0.8;

export function drawingRegions(
  pieces: readonly PathPiece[],
  runs: readonly TextRun[],
  tables: readonly BoundingBox[],
  page: { width: number; height: number },
): BoundingBox[] {
  const pageArea = page.width * page.height;
  const kept = pieces.filter(({ box }) => area(box) <= maxPieceShare * pageArea);
  const out: BoundingBox[] = [];
  let labels: BoundingBox[] | null = null;
  for (const group of clusters(kept)) {
    let shapes = 0;
    let boxes = 0;
    for (const piece of group) {
      if (piece.kind === 'shape') shapes++;
      else if (piece.kind === 'box') boxes++;
    }
    // Rules alone are a table's lattice, separators, underlines, a running head's rule.
    if (shapes === 0 && boxes < minBoxes) continue;
    const region = group.map((p) => p.box).reduce(union);
    if (area(region) === 0) continue;
    if (tables.some((table) => area(intersect(table, region)) > maxTableShare * area(region))) continue;
    if (textCover(runs, region) > maxTextCover) continue;
    labels ??= labelBoxes(runs);
    out.push(withLabels(region, labels));
  }
  return out;
}

/** Groups of pieces within GAP of each other: a grid of GAP-sized cells, pieces sharing a cell join. */
function clusters(pieces: readonly PathPiece[]): PathPiece[][] {
  const parent = pieces.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  const cells = new Map<number, number>(); // cell key → a piece index in it
  for (const [k, { box }] of pieces.entries()) {
    const [cx0, cy0] = [cell(box[0] - GAP / 2), cell(box[1] - GAP / 2)];
    const [cx1, cy1] = [cell(box[2] + GAP / 2), cell(box[3] + GAP / 2)];
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const key = cx * 100_003 + cy;
        const other = cells.get(key);
        if (other === undefined) cells.set(key, k);
        else parent[find(other)] = find(k);
      }
    }
  }
  const groups = new Map<number, PathPiece[]>();
  for (const [k, piece] of pieces.entries()) {
    const root = find(k);
    const group = groups.get(root);
    if (group) group.push(piece);
    else groups.set(root, [piece]);
  }
  return [...groups.values()];
}

const cell = (v: number) => Math.floor(v / GAP);

/** Share of the region's area under text runs whose middle lies in it. */
function textCover(runs: readonly TextRun[], region: BoundingBox): number {
  let covered = 0;
  for (const run of runs) {
    const x = (run.x0 + run.x1) / 2;
    const y = run.y - run.size / 3;
    if (x >= region[0] && x <= region[2] && y >= region[1] && y <= region[3])
      covered += (run.x1 - run.x0) * run.size;
  }
  return covered / area(region);
}

/**
 * The region grown over short text beside it (tick labels, axis titles, a legend set off the
 * plot): twice, so an axis title beyond its tick labels comes in too. A run counts with the runs
 * it continues on its baseline, so a body line or a caption split into runs stays out.
 */
function withLabels(region: BoundingBox, labels: readonly BoundingBox[]): BoundingBox {
  let out = region;
  for (let pass = 0; pass < 2; pass++) {
    let grown = out;
    for (const box of labels) {
      const reach = labelReach * (box[3] - box[1]);
      const near =
        box[0] < out[2] + reach &&
        box[2] > out[0] - reach &&
        box[1] < out[3] + reach &&
        box[3] > out[1] - reach;
      if (near) grown = union(grown, box);
    }
    if (grown === out) break;
    out = grown;
  }
  return out;
}

/** Boxes of short pieces of text: runs on one baseline less than a font size apart joined, long ones and captions dropped. */
function labelBoxes(runs: readonly TextRun[]): BoundingBox[] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const out: BoundingBox[] = [];
  let text = '';
  let box: BoundingBox | null = null;
  let last: TextRun | null = null;
  const flush = () => {
    if (box && text.trim().length <= labelChars && !CAPTION.test(text.trim())) out.push(box);
  };
  for (const run of sorted) {
    const runBox: BoundingBox = [run.x0, run.y - run.size, run.x1, run.y + run.size / 4];
    const continues =
      last !== null && Math.abs(run.y - last.y) < 0.3 * run.size && run.x0 - last.x1 < run.size;
    if (continues && box) {
      text += ` ${run.str}`;
      box = union(box, runBox);
    } else {
      flush();
      text = run.str;
      box = runBox;
    }
    last = run;
  }
  flush();
  return out;
}

/** A caption's start ("Figure 2", "Fig. 3", "Table 1"): never a label of the drawing above it. */
const CAPTION = /^(fig(ure)?|tab(le)?|abb(ildung)?|chart|plate)\.?\s*[0-9IVXivx]/iu;

const area = (b: BoundingBox) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

const union = (a: BoundingBox, b: BoundingBox): BoundingBox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

const intersect = (a: BoundingBox, b: BoundingBox): BoundingBox => [
  Math.max(a[0], b[0]),
  Math.max(a[1], b[1]),
  Math.min(a[2], b[2]),
  Math.min(a[3], b[3]),
];
