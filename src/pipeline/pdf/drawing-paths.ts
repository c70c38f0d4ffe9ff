/**
 * Painted paths of a PDF page (worker side), for vector figures: every filled or stroked subpath
 * of pdfjs' operator list as a box in viewport coordinates, sorted into rules (thin straight
 * horizontal or vertical lines), boxes (axis-aligned rectangles) and shapes (curves, slanted
 * lines, polygons). tables/rulings.ts walks the operator list and hands each operator here with
 * its current transform; drawing-regions.ts clusters the pieces into figure candidates.
 *
 * Clipping is followed as far as its bounding box (a chart clips its data lines to the axes, a
 * form XObject to its bbox), and paths painted white are left out (invisible on paper: matplotlib
 * and Word paint white backgrounds under everything).
 */
import { OPS, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { BoundingBox } from '../types.ts';

type Matrix = [number, number, number, number, number, number];

export type PieceKind = 'rule' | 'box' | 'shape';

export interface PathPiece {
  box: BoundingBox;
  kind: PieceKind;
}

/** Thinner than this (points), a rectangle or a stroke is a rule. */
const THIN = 2;
/**
 * Pieces a page keeps one by one; past this a constructPath gives one piece for its whole box.
 * A scatter plot paints ~10k markers; 20k boxes cluster in ~10 ms.
 */
const MAX_PIECES = 20_000;
/** A path with more subpaths than this (hatching, a scatter series in one path) is one shape. */
const MAX_SUBPATHS = 400;

// pdfjs ≥5 packs a path as DrawOPS codes followed by their coordinates.
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

const strokeOps: ReadonlySet<number> = new Set([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
const fillOps: ReadonlySet<number> = new Set([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

const WHITE = /^#f[a-f0-9]f[a-f0-9]f[a-f0-9]$/i; // ≥ 94% of white in every channel

interface State {
  clip: BoundingBox | null;
  fillWhite: boolean;
  strokeWhite: boolean;
}

/** Collects a page's painted path pieces while rulings.ts walks its operator list. */
export class PaintedPaths {
  readonly pieces: PathPiece[] = [];
  private state: State = { clip: null, fillWhite: false, strokeWhite: false };
  private readonly stack: State[] = [];
  private pendingClip = false;

  /** Sees one operator; `ctm` is the transform in force (viewport coordinates), `lineWidth` the stroke width. */
  op(fn: number, args: unknown[] | null, ctm: readonly number[], lineWidth: number): void {
    if (fn === OPS.save) this.stack.push({ ...this.state });
    else if (fn === OPS.restore) this.state = this.stack.pop() ?? this.state;
    else if (fn === OPS.paintFormXObjectBegin) {
      // rulings.ts has applied the form's matrix to `ctm`; its bbox clips what the form paints.
      this.stack.push({ ...this.state });
      const bbox = args?.[1] as number[] | null | undefined;
      if (bbox && bbox.length === 4) this.clipTo(transformBox(bbox, ctm));
    } else if (fn === OPS.paintFormXObjectEnd) this.state = this.stack.pop() ?? this.state;
    else if (fn === OPS.setFillRGBColor) this.state.fillWhite = WHITE.test(String(args?.[0]));
    else if (fn === OPS.setStrokeRGBColor) this.state.strokeWhite = WHITE.test(String(args?.[0]));
    else if (fn === OPS.clip || fn === OPS.eoClip) this.pendingClip = true;
    else if (fn === OPS.constructPath && args) this.path(args, ctm, lineWidth);
  }

  private path(args: unknown[], ctm: readonly number[], lineWidth: number): void {
    const paint = args[0] as number;
    const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
    if (!data) return;
    const subpaths = subpathPoints(data, ctm);
    if (this.pendingClip) {
      this.pendingClip = false;
      const all = subpaths.flatMap((s) => s.points);
      if (all.length > 0) this.clipTo(boxOf(all));
    }
    const stroked = strokeOps.has(paint) && !this.state.strokeWhite;
    const filled = fillOps.has(paint) && !this.state.fillWhite;
    if (!stroked && !filled) return;
    const half = stroked ? (lineWidth * Math.hypot(ctm[0]!, ctm[1]!)) / 2 : 0;
    if (subpaths.length > MAX_SUBPATHS || this.pieces.length > MAX_PIECES) {
      const all = subpaths.flatMap((s) => s.points);
      if (all.length > 0) this.add(grow(boxOf(all), half), 'shape');
      return;
    }
    for (const { points, curved } of subpaths) {
      if (points.length === 0 || (!stroked && points.length < 3)) continue;
      const box = grow(boxOf(points), half);
      this.add(box, curved ? 'shape' : straightKind(points, box));
    }
  }

  private add(box: BoundingBox, kind: PieceKind): void {
    const clip = this.state.clip;
    const clipped = clip ? intersect(box, clip) : box;
    if (clipped) this.pieces.push({ box: clipped, kind });
  }

  private clipTo(box: BoundingBox): void {
    const clip = this.state.clip;
    // An empty intersection clips everything away: keep a zero box rather than no clip.
    this.state.clip = clip ? (intersect(clip, box) ?? [box[0], box[1], box[0], box[1]]) : box;
  }
}

/** A subpath of straight segments: a rule when thin, a box when a rectangle, else a shape. */
function straightKind(points: readonly [number, number][], box: BoundingBox): PieceKind {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  let axisAligned = true;
  for (let k = 1; k < points.length; k++) {
    const [ax, ay] = points[k - 1]!;
    const [bx, by] = points[k]!;
    if (Math.abs(ax - bx) > 0.5 && Math.abs(ay - by) > 0.5) axisAligned = false;
  }
  if (!axisAligned) return 'shape';
  if (w <= THIN || h <= THIN) return 'rule';
  // A rectangle has at most 5 points (closed) whose corners are its box's corners.
  const corners = points.every(
    ([x, y]) =>
      (Math.abs(x - box[0]) < 1 || Math.abs(x - box[2]) < 1) &&
      (Math.abs(y - box[1]) < 1 || Math.abs(y - box[3]) < 1),
  );
  return corners && points.length <= 5 ? 'box' : 'shape';
}

/** Each subpath's points in viewport coordinates; a curve adds its control points (its hull bounds it). */
function subpathPoints(
  data: ArrayLike<number>,
  ctm: readonly number[],
): { points: [number, number][]; curved: boolean }[] {
  const out: { points: [number, number][]; curved: boolean }[] = [];
  let current: { points: [number, number][]; curved: boolean } = { points: [], curved: false };
  const at = (x: number, y: number): [number, number] => [
    x * ctm[0]! + y * ctm[2]! + ctm[4]!,
    x * ctm[1]! + y * ctm[3]! + ctm[5]!,
  ];
  for (let k = 0; k < data.length; ) {
    const op = data[k++];
    if (op === MOVE) {
      if (current.points.length > 0) out.push(current);
      current = { points: [at(data[k]!, data[k + 1]!)], curved: false };
      k += 2;
    } else if (op === LINE) {
      current.points.push(at(data[k]!, data[k + 1]!));
      k += 2;
    } else if (op === CURVE) {
      for (let j = 0; j < 6; j += 2) current.points.push(at(data[k + j]!, data[k + j + 1]!));
      current.curved = true;
      k += 6;
    } else if (op === QUAD) {
      for (let j = 0; j < 4; j += 2) current.points.push(at(data[k + j]!, data[k + j + 1]!));
      current.curved = true;
      k += 4;
    } else if (op === CLOSE) {
      if (current.points.length > 0) current.points.push(current.points[0]!);
    } else {
      return []; // unknown layout: no pieces rather than wrong ones
    }
  }
  if (current.points.length > 0) out.push(current);
  return out;
}

function boxOf(points: readonly [number, number][]): BoundingBox {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

function transformBox(bbox: readonly number[], ctm: readonly number[]): BoundingBox {
  const box: BoundingBox = [Infinity, Infinity, -Infinity, -Infinity]; // the call widens its output
  Util.axialAlignedBoundingBox(bbox, ctm as Matrix, box);
  return box;
}

const grow = (b: BoundingBox, d: number): BoundingBox => [b[0] - d, b[1] - d, b[2] + d, b[3] + d];

function intersect(a: BoundingBox, b: BoundingBox): BoundingBox | null {
  const out: BoundingBox = [
    Math.max(a[0], b[0]),
    Math.max(a[1], b[1]),
    Math.min(a[2], b[2]),
    Math.min(a[3], b[3]),
  ];
  return out[0] <= out[2] && out[1] <= out[3] ? out : null;
}
