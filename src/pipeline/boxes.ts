/** Boxes ([x0, y0, x1, y1], origin top-left) as the stages share them. */
import type { BoundingBox } from './types.ts';

/** The smallest box holding all of `boxes` (at least one). */
export function unionOf<B extends BoundingBox>(boxes: readonly B[]): B {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ] as B;
}

export const area = (b: BoundingBox): number => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/** The area two boxes share (0 when apart). */
export const overlapArea = (a: BoundingBox, b: BoundingBox): number =>
  Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) *
  Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
