import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSteps } from './ctc.ts';
import { minAreaRect } from './min-area-rect.ts';
import { paddleModelFiles, readCharacters } from './models.ts';
import { textRegions } from './text-regions.ts';

const close = (a: number, b: number, tolerance = 0.01) => Math.abs(a - b) <= tolerance;

describe('PaddleOCR post-processing', () => {
  it('finds the smallest rectangle around a tilted line, corners in reading order', () => {
    // A 100 × 10 rectangle turned by 10°: its corners, and points inside it.
    const angle = (10 * Math.PI) / 180;
    const at = (u: number, v: number): [number, number] => [
      50 + u * Math.cos(angle) - v * Math.sin(angle),
      50 + u * Math.sin(angle) + v * Math.cos(angle),
    ];
    const points = [at(0, 0), at(100, 0), at(100, 10), at(0, 10), at(50, 5), at(20, 3)];
    const rect = minAreaRect(points);
    assert.ok(close(rect.width, 100) && close(rect.height, 10), `${rect.width} × ${rect.height}`);
    const [tl, tr, br, bl] = rect.corners;
    assert.ok(close(tl[0], 50) && close(tl[1], 50), `top-left ${tl}`);
    assert.ok(tr[0] > tl[0] && br[1] > tr[1] && bl[0] < br[0], 'clockwise from the top-left');
  });

  it('turns a probability map into grown line regions and drops faint or tiny ones', () => {
    const [width, height] = [60, 30];
    const map = new Float32Array(width * height);
    const fill = (x0: number, y0: number, x1: number, y1: number, p: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * width + x] = p;
    };
    fill(5, 5, 45, 11, 0.9); // a line's core
    fill(5, 20, 45, 26, 0.45); // above the pixel threshold, below the box threshold
    fill(50, 20, 52, 22, 0.95); // a speck
    const regions = textRegions(map, width, height);
    assert.equal(regions.length, 1);
    const [line] = regions;
    assert.ok(line!.score > 0.85);
    // Grown by area × 1.5 / perimeter = 40 × 6 × 1.5 / 92 ≈ 3.9 on every side.
    assert.ok(close(line!.width, 40 + 2 * 3.91, 0.05) && close(line!.height, 6 + 2 * 3.91, 0.05));
  });

  it('decodes CTC steps: blanks dropped, repeats merged, positions and the space evidence kept', () => {
    const characters = ['', 'A', 'B', ' '];
    // steps: A A _ _(space 0.2) B _ B
    const rows = [
      [0.1, 0.9, 0, 0],
      [0.1, 0.8, 0.1, 0],
      [0.9, 0, 0, 0.1],
      [0.8, 0, 0, 0.2],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0.9, 0.1],
    ];
    const decoded = decodeSteps(Float32Array.from(rows.flat()), rows.length, 4, characters);
    assert.deepEqual(
      decoded.map((c) => [c.char, c.first, c.last]),
      [
        ['A', 0, 1],
        ['B', 4, 4],
        ['B', 6, 6],
      ],
    );
    assert.ok(close(decoded[0]!.confidence, 0.9, 1e-6));
    assert.ok(close(decoded[1]!.spaceBefore, 0.2, 1e-6));
    assert.equal(decoded[2]!.spaceBefore, 0);
  });

  it('reads the shipped character list with a blank first and a space last, as the model counts', () => {
    const characters = readCharacters(paddleModelFiles().dictionary);
    assert.equal(characters.length, 6625); // the recogniser's output classes
    assert.equal(characters[0], '');
    assert.equal(characters.at(-1), ' ');
    assert.ok(characters.includes('A') && characters.includes('7') && characters.includes('$'));
  });
});
