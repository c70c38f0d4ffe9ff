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
/**
 * Narrower or shorter than this share of the page, a drawing is a band (a running head's rule and
 * logo, a footer strip, a tab) however long it is: figures.ts's size rule takes one side only.
 */
const minSideShare = 0.05;
/**
 * Text this many times the page's median run size inside a drawing makes it a masthead or a title
 * block; a chart's title and labels stay near body size (matplotlib: 1.2×).
 */
const titleSize = 1.6;
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
/** Panels of one figure are set closer than this (points); figures and text keep a wider gap. */
const panelGap = 18;
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
  const sizes = runs.map((r) => r.size).sort((a, b) => a - b);
  const bodySize = sizes[Math.floor(sizes.length / 2)] ?? 0;
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
    if (tables.some((table) => area(intersect(table, region)) > maxTableShare * area(region))) continue;
    if (textCover(runs, region) > maxTextCover) continue;
    if (bodySize > 0 && runs.some((r) => r.size > titleSize * bodySize && centredIn(r, region))) continue;
    labels ??= labelBoxes(runs);
    out.push(withLabels(region, labels));
  }
  // Small pieces (an axis title drawn as outlines) join their panels first; bands go after.
  return (out.length > 1 ? panels(out, runs) : out).filter(
    (b) => b[2] - b[0] >= minSideShare * page.width && b[3] - b[1] >= minSideShare * page.height,
  );
}

/**
 * Regions stacked or set side by side less than panelGap apart, and aligned (overlapping by half
 * the smaller one across the gap), with no line of body text between them, are panels of one
 * figure: a row of plots under another shares one caption.
 */
function panels(regions: readonly BoundingBox[], runs: readonly TextRun[]): BoundingBox[] {
  const out = [...regions];
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        const [a, b] = [out[i]!, out[j]!];
        if (!alignedNear(a, b)) continue;
        const both = union(a, b);
        const between = runs.some((run) => {
          const x = (run.x0 + run.x1) / 2;
          const y = run.y - run.size / 3;
          const inBoth = x >= both[0] && x <= both[2] && y >= both[1] && y <= both[3];
          return inBoth && run.str.trim().length > labelChars && !within(x, y, a) && !within(x, y, b);
        });
        if (between) continue;
        out[i] = both;
        out.splice(j, 1);
        merged = true;
      }
    }
  }
  return out;
}

function alignedNear(a: BoundingBox, b: BoundingBox): boolean {
  const overlapX = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const overlapY = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  const minW = Math.min(a[2] - a[0], b[2] - b[0]);
  const minH = Math.min(a[3] - a[1], b[3] - b[1]);
  const stacked = overlapX >= minW / 2 && -overlapY <= panelGap;
  // Side by side, half the gap: two columns' figures at one height stand a gutter (~14–18 pt) apart.
  const sideBySide = overlapY >= minH / 2 && -overlapX <= panelGap / 2;
  return stacked || sideBySide;
}

const within = (x: number, y: number, b: BoundingBox) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

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
  for (const run of runs) if (centredIn(run, region)) covered += (run.x1 - run.x0) * run.size;
  return covered / area(region);
}

const centredIn = (run: TextRun, b: BoundingBox) => within((run.x0 + run.x1) / 2, run.y - run.size / 3, b);

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
  // Runs on one baseline (within 0.3 of a font size), each row then read left to right.
  const rows: TextRun[][] = [];
  for (const run of [...runs].sort((a, b) => a.y - b.y)) {
    const row = rows.at(-1);
    if (row && Math.abs(run.y - row[0]!.y) < 0.3 * run.size) row.push(run);
    else rows.push([run]);
  }
  const out: BoundingBox[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x0 - b.x0);
    let text = '';
    let box: BoundingBox | null = null;
    const flush = () => {
      if (box && text.trim().length <= labelChars && !CAPTION.test(text.trim())) out.push(box);
    };
    for (const run of row) {
      const runBox: BoundingBox = [run.x0, run.y - run.size, run.x1, run.y + run.size / 4];
      if (box && run.x0 - box[2] < run.size) {
        text += ` ${run.str}`;
        box = union(box, runBox);
      } else {
        flush();
        text = run.str;
        box = runBox;
      }
    }
    flush();
  }
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
