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
