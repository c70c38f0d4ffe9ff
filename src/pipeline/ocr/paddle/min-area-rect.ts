/**
 * The smallest rotated rectangle around a set of points: convex hull (monotone chain), then
 * rotating calipers (one of its sides lies on a hull edge). Text lines on a skewed scan are
 * rotated rectangles; an axis-aligned box around a tilted line would take in its neighbours.
 */

export type Point = [number, number];

/** Corners in order around the rectangle, starting top-left (smallest x + y) going clockwise. */
export type Quad = [Point, Point, Point, Point];

export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Point[]): Point[] => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

export interface RotatedRect {
  corners: Quad;
  /** Length of the top edge (along the text) and of the left edge (across it). */
  width: number;
  height: number;
}

export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  let best: { area: number; corners: Point[]; w: number; h: number } | null = null;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (length === 0) continue;
    const ux = (b[0] - a[0]) / length;
    const uy = (b[1] - a[1]) / length;
    let [minU, maxU, minV, maxV] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (best && area >= best.area) continue;
    const at = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux];
    best = {
      area,
      corners: [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)],
      w: maxU - minU,
      h: maxV - minV,
    };
  }
  if (!best) {
    const [x, y] = hull[0] ?? [0, 0];
    return {
      corners: [
        [x, y],
        [x, y],
        [x, y],
        [x, y],
      ],
      width: 0,
      height: 0,
    };
  }
  return readingQuad(best.corners as Quad);
}

/**
 * The same rectangle with its corners as a reader sees them: top-left, top-right, bottom-right,
 * bottom-left, with the top edge the longer one (a text line is wider than high) unless the
 * rectangle is clearly upright (then it is vertical text, read as PaddleOCR does, turned).
 */
export function readingQuad(corners: Quad): RotatedRect {
  // Order clockwise around the centre, starting at the corner nearest the top-left.
  const cx = corners.reduce((s, p) => s + p[0], 0) / 4;
  const cy = corners.reduce((s, p) => s + p[1], 0) / 4;
  const around = [...corners].sort(
    (a, b) => Math.atan2(a[1] - cy, a[0] - cx) - Math.atan2(b[1] - cy, b[0] - cx),
  );
  let start = 0;
  for (let i = 1; i < 4; i++)
    if (around[i]![0] + around[i]![1] < around[start]![0] + around[start]![1]) start = i;
  const q = [0, 1, 2, 3].map((i) => around[(start + i) % 4]!) as Quad;
  const width = Math.hypot(q[1][0] - q[0][0], q[1][1] - q[0][1]);
  const height = Math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1]);
  return { corners: q, width, height };
}
