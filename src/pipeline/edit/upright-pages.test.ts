import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BoundingBox } from '../types.ts';
import { uprightBox } from './upright-pages.ts';

/** Where an upright point is shown on the page turned clockwise (top-left origin): the inverse. */
const shown = (rotation: number, w: number, h: number, [x, y]: [number, number]): [number, number] =>
  rotation === 90 ? [h - y, x] : rotation === 180 ? [w - x, h - y] : rotation === 270 ? [y, w - x] : [x, y];

describe('uprightBox', () => {
  it('turns a box on the shown page back onto the upright page, for every rotation', () => {
    const [width, height] = [612, 792];
    const upright: BoundingBox = [72, 80, 256, 95];
    for (const rotation of [0, 90, 180, 270]) {
      const a = shown(rotation, width, height, [upright[0], upright[1]]);
      const b = shown(rotation, width, height, [upright[2], upright[3]]);
      const view: BoundingBox = [
        Math.min(a[0], b[0]),
        Math.min(a[1], b[1]),
        Math.max(a[0], b[0]),
        Math.max(a[1], b[1]),
      ];
      assert.deepEqual(uprightBox(view, { rotation, width, height }), upright, `rotation ${rotation}`);
    }
  });
});
