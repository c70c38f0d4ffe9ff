/**
 * Text regions from the detector's probability map (PaddleOCR's "DB" post-processing).
 *
 * The detector scores each pixel for "inside a text line"; the lines are the connected regions
 * above `threshold`. Each region becomes its smallest rotated rectangle, is kept if the map's
 * mean inside it passes `boxThreshold`, and is grown by `unclipRatio` × area / perimeter on every
 * side, because the model is trained to mark a shrunk core of each line.
 */
import { minAreaRect, type Point, type Quad, type RotatedRect } from './min-area-rect.ts';

export interface RegionOptions {
  threshold: number;
  boxThreshold: number;
  unclipRatio: number;
  /** Regions narrower than this (map pixels) across are specks. */
  minSide: number;
}

export const defaultRegionOptions: RegionOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSide: 3,
};

export interface TextRegion extends RotatedRect {
  /** Mean detector probability inside the rectangle before it was grown. */
  score: number;
}

/** @param map `height × width` probabilities, row-major. Rectangles are in map pixels. */
export function textRegions(
  map: Float32Array,
  width: number,
  height: number,
  options: RegionOptions = defaultRegionOptions,
): TextRegion[] {
  const regions: TextRegion[] = [];
  for (const outline of componentOutlines(map, width, height, options.threshold)) {
    const rect = minAreaRect(outline);
    if (Math.min(rect.width, rect.height) < options.minSide) continue;
    const score = meanInside(map, width, height, rect.corners);
    if (score < options.boxThreshold) continue;
    const grown = grow(
      rect,
      (rect.width * rect.height * options.unclipRatio) / (2 * (rect.width + rect.height)),
    );
    if (Math.min(grown.width, grown.height) < options.minSide + 2) continue;
    regions.push({ ...grown, score });
  }
  return regions;
}

/**
 * Each 8-connected region above `threshold`, as the corners of its pixels' row ends (enough for
 * its convex hull). Flood fill with an explicit stack: a page-wide region must not recurse.
 */
function componentOutlines(map: Float32Array, width: number, height: number, threshold: number): Point[][] {
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const outlines: Point[][] = [];
  let next = 0;
  for (let start = 0; start < width * height; start++) {
    if (label[start] !== 0 || map[start]! <= threshold) continue;
    next += 1;
    label[start] = next;
    let top = 0;
    stack[top++] = start;
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    while (top > 0) {
      const at = stack[--top]!;
      const x = at % width;
      const y = (at - x) / width;
      if (!(rowMin.get(y)! <= x)) rowMin.set(y, x);
      if (!(rowMax.get(y)! >= x)) rowMax.set(y, x);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const n = ny * width + nx;
          if (label[n] === 0 && map[n]! > threshold) {
            label[n] = next;
            stack[top++] = n;
          }
        }
      }
    }
    const outline: Point[] = [];
    for (const [y, x0] of rowMin) {
      const x1 = rowMax.get(y)! + 1;
      outline.push([x0, y], [x0, y + 1], [x1, y], [x1, y + 1]);
    }
    outlines.push(outline);
  }
  return outlines;
}

/** The map's mean over the pixels whose centres lie inside the quad. */
function meanInside(map: Float32Array, width: number, height: number, quad: Quad): number {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!inside(quad, x + 0.5, y + 0.5)) continue;
      sum += map[y * width + x]!;
      count += 1;
    }
  }
  return count === 0 ? 0 : sum / count;
}

/** Inside a convex quad whose corners go round in one direction. */
function inside(quad: Quad, x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = quad[i]!;
    const [bx, by] = quad[(i + 1) % 4]!;
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross === 0) continue;
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** The rectangle with every side moved out by `distance`. */
function grow(rect: RotatedRect, distance: number): RotatedRect {
  const [tl, tr, , bl] = rect.corners;
  const ux = rect.width > 0 ? (tr[0] - tl[0]) / rect.width : 1;
  const uy = rect.width > 0 ? (tr[1] - tl[1]) / rect.width : 0;
  const vx = rect.height > 0 ? (bl[0] - tl[0]) / rect.height : 0;
  const vy = rect.height > 0 ? (bl[1] - tl[1]) / rect.height : 1;
  const at = (p: Point, su: number, sv: number): Point => [
    p[0] + distance * (su * ux + sv * vx),
    p[1] + distance * (su * uy + sv * vy),
  ];
  const [a, b, c, d] = rect.corners;
  return {
    corners: [at(a, -1, -1), at(b, 1, -1), at(c, 1, 1), at(d, -1, 1)],
    width: rect.width + 2 * distance,
    height: rect.height + 2 * distance,
  };
}
