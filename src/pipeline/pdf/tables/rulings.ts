/**
 * Ruling lines of a PDF page (worker side): pdfjs' operator list → horizontal and vertical
 * segments in viewport coordinates (PDF points, origin top-left). Tables draw their rules as
 * stroked paths as often as thin filled rectangles, and cell borders as the four sides of a
 * stroked rectangle; all three give segments here. Curves and slanted lines are ignored.
 */
import { OPS, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { BoundingBox } from '../../types.ts';
import { PaintedPaths, type PathPiece } from '../drawing-paths.ts';
import type { Ruling } from './lattice.ts';

type Matrix = [number, number, number, number, number, number];

/** A filled rectangle thinner than this (points) is a rule; a thicker one gives its four sides. */
const THIN = 2;
/** Shorter segments are glyph parts, underlines of a letter, tick marks. */
const MIN_LENGTH = 4;
/** A page with more path segments than this is a chart or a map, not a table page: skip it. */
const MAX_SEGMENTS = 5_000;

// pdfjs ≥5 packs a path as DrawOPS codes followed by their coordinates.
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

/** What a page draws besides text: its ruling lines, and where its images are painted. */
export interface PageDrawings {
  rulings: Ruling[];
  /** Each painted image's box in viewport coordinates (figures: layout/figures.ts). */
  images: BoundingBox[];
  /** Filled and stroked subpaths (vector figures: ../drawing-regions.ts). */
  paths: PathPiece[];
}

const imageOps: ReadonlySet<number> = new Set([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
]);

/** `list`: the page's operator list (page.getOperatorList()), read once for text and drawings. */
export function pageDrawings(
  list: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> },
  viewport: { transform: number[]; width: number; height: number },
): PageDrawings {
  const out: Ruling[] = [];
  const images: BoundingBox[] = [];
  let ctm = viewport.transform as Matrix;
  // A box over most of the page is a background or a page frame, not a table's border.
  const big = { width: viewport.width * 0.8, height: viewport.height * 0.6 };
  const stack: Matrix[] = [];
  let lineWidth = 1;
  const widthStack: number[] = [];
  const painted = new PaintedPaths();
  let tooMany = false;
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[];
    if (fn === OPS.paintFormXObjectBegin) {
      // A form XObject (a figure included by LaTeX, a logo) paints in its own matrix.
      stack.push(ctm);
      widthStack.push(lineWidth);
      const matrix = args?.[0] as Matrix | null;
      if (matrix) ctm = Util.transform(ctm, matrix) as Matrix;
    }
    painted.op(fn!, args, ctm, lineWidth);
    if (fn === OPS.paintFormXObjectEnd) {
      ctm = stack.pop() ?? ctm;
      lineWidth = widthStack.pop() ?? lineWidth;
    } else if (fn === OPS.save) {
      stack.push(ctm);
      widthStack.push(lineWidth);
    } else if (fn === OPS.restore) {
      ctm = stack.pop() ?? ctm;
      lineWidth = widthStack.pop() ?? lineWidth;
    } else if (fn === OPS.transform) {
      ctm = Util.transform(ctm, args as Matrix) as Matrix;
    } else if (fn === OPS.setLineWidth) {
      lineWidth = Number(args[0]) || 0;
    } else if (fn === OPS.constructPath) {
      const paint = args[0] as number;
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!data || paint === OPS.endPath || tooMany) continue;
      const stroked = paint === OPS.stroke || paint === OPS.closeStroke;
      addPath(out, data, ctm, stroked ? lineWidth : null, big);
      tooMany = out.length > MAX_SEGMENTS;
    } else if (imageOps.has(fn!)) {
      images.push(unitSquareBox(ctm));
    }
  }
  return { rulings: tooMany ? [] : out, images, paths: painted.pieces };
}

/** An image is painted into the unit square of the current transform. */
function unitSquareBox(ctm: Matrix): BoundingBox {
  const xs = [ctm[4], ctm[0] + ctm[4], ctm[2] + ctm[4], ctm[0] + ctm[2] + ctm[4]];
  const ys = [ctm[5], ctm[1] + ctm[5], ctm[3] + ctm[5], ctm[1] + ctm[3] + ctm[5]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Subpaths → rulings: straight axis-aligned edges when stroked; thin boxes or box sides when filled. */
function addPath(
  out: Ruling[],
  data: ArrayLike<number>,
  ctm: Matrix,
  strokeWidth: number | null,
  big: { width: number; height: number },
): void {
  const points: [number, number][][] = [];
  let current: [number, number][] = [];
  const at = (x: number, y: number): [number, number] => [
    x * ctm[0] + y * ctm[2] + ctm[4],
    x * ctm[1] + y * ctm[3] + ctm[5],
  ];
  for (let k = 0; k < data.length; ) {
    const op = data[k++];
    if (op === MOVE) {
      if (current.length > 1) points.push(current);
      current = [at(data[k]!, data[k + 1]!)];
      k += 2;
    } else if (op === LINE) {
      current.push(at(data[k]!, data[k + 1]!));
      k += 2;
    } else if (op === CURVE) {
      current.push([Number.NaN, Number.NaN], at(data[k + 4]!, data[k + 5]!));
      k += 6;
    } else if (op === QUAD) {
      current.push([Number.NaN, Number.NaN], at(data[k + 2]!, data[k + 3]!));
      k += 4;
    } else if (op === CLOSE) {
      if (current.length > 0) current.push(current[0]!);
    } else {
      return; // unknown layout: better no rulings than wrong ones
    }
  }
  if (current.length > 1) points.push(current);
  const scale = Math.hypot(ctm[0], ctm[1]) || 1;
  for (const sub of points) {
    const xs = sub.map(([x]) => x).filter((x) => !Number.isNaN(x));
    const ys = sub.map(([, y]) => y).filter((y) => !Number.isNaN(y));
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (x1 - x0 > big.width && y1 - y0 > big.height) continue;
    if (strokeWidth !== null) {
      for (let k = 1; k < sub.length; k++) edge(out, sub[k - 1]!, sub[k]!, strokeWidth * scale);
      continue;
    }
    if (sub.some(([x]) => Number.isNaN(x))) continue;
    if (y1 - y0 <= THIN && x1 - x0 >= MIN_LENGTH) out.push({ x0, x1, y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 });
    else if (x1 - x0 <= THIN && y1 - y0 >= MIN_LENGTH)
      out.push({ x0: (x0 + x1) / 2, x1: (x0 + x1) / 2, y0, y1 });
    else if (sub.length === 5 || sub.length === 4) {
      // A filled box (cell shading, a framed table): its sides bound cells as rules would.
      out.push(
        { x0, x1, y0, y1: y0, box: true },
        { x0, x1, y0: y1, y1, box: true },
        { x0, x1: x0, y0, y1, box: true },
        { x0: x1, x1, y0, y1, box: true },
      );
    }
  }
}

function edge(out: Ruling[], [ax, ay]: [number, number], [bx, by]: [number, number], width: number): void {
  if ([ax, ay, bx, by].some(Number.isNaN) || width > 4) return;
  if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) >= MIN_LENGTH) {
    out.push({ x0: Math.min(ax, bx), x1: Math.max(ax, bx), y0: ay, y1: ay });
  } else if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) >= MIN_LENGTH) {
    out.push({ x0: ax, x1: ax, y0: Math.min(ay, by), y1: Math.max(ay, by) });
  }
}
