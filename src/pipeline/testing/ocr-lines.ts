/** Lines with word boxes (OcrLine, as page.lines holds them) for layout tests. */
import type { BoundingBox, OcrLine } from '../types.ts';

/**
 * A line of 10-unit-high words at `top`: each run of words starts at its x, 5 units a character
 * and a space, so the gaps between runs are where the runs are put.
 */
export function lineOf(top: number, runs: [number, string][]): OcrLine {
  const words = runs.flatMap(([x0, text]) => {
    let x = x0;
    return text.split(' ').map((word) => {
      const bbox: BoundingBox = [x, top, x + 5 * word.length, top + 10];
      x += 5 * word.length + 5;
      return { text: word, bbox, confidence: 1 };
    });
  });
  const bbox: BoundingBox = [words[0]!.bbox[0], top, words.at(-1)!.bbox[2], top + 10];
  return { text: words.map((w) => w.text).join(' '), bbox, confidence: 1, words };
}
