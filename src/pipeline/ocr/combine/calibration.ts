/**
 * The two engines' word confidences on one scale, for choosing between them where they read a
 * stretch of a row differently.
 *
 * PaddleOCR's recogniser is confident even when wrong, tesseract's spreads over 0..1, so their
 * raw confidences cannot be compared. Measured on the 50 SROIE receipts (premium reads): of the
 * stretches the two read differently (not just spaced or cased differently; 1,087 of them), how
 * often each engine's reading is among the receipt's transcript words (box/NNN.csv), by band —
 *
 *   PaddleOCR \ tesseract   <0.8       0.8-0.9    0.9-0.95   0.95-0.98
 *   <0.8                     33 : 15    3 : 3      0 : 4      1 : 5
 *   0.8-0.9                  41 : 24    7 : 8      2 : 13     0 : 3
 *   0.9-0.95                 85 : 17    6 : 15     11 : 6     2 : 7
 *   0.95-0.98                103 : 7    16 : 6     10 : 11    4 : 7
 *   ≥0.98                    256 : 18   67 : 6     33 : 8     13 : 7
 *
 * (PaddleOCR right : tesseract right; tesseract tops out below 0.98.) So PaddleOCR at 0.98 or
 * more beats any tesseract word, PaddleOCR at 0.95-0.98 ties tesseract at 0.9-0.95, and so on.
 * The knots put each band where that table puts it; between them, straight lines. Over all
 * words (disagreeing or not) the shares right are lower for PaddleOCR (0.93 at ≥0.99): most of
 * its misses are spacing (`TAXINVOICE`), which the combination takes from tesseract anyway.
 */
export type Engine = 'paddle' | 'tesseract';

type Knots = readonly (readonly [confidence: number, strength: number])[];

const knots: Record<Engine, Knots> = {
  paddle: [
    [0, 0.2],
    [0.5, 0.4],
    [0.75, 0.55],
    [0.85, 0.65],
    [0.925, 0.7],
    [0.965, 0.76],
    [0.98, 0.88],
    [1, 0.93],
  ],
  tesseract: [
    [0, 0.15],
    [0.4, 0.3],
    [0.7, 0.45],
    [0.85, 0.65],
    [0.925, 0.76],
    [0.965, 0.82],
    [1, 0.86],
  ],
};

/** How strongly a word `engine` read at `confidence` (0..1) holds against the other engine's. */
export function rightChance(engine: Engine, confidence: number): number {
  const points = knots[engine];
  const c = Math.min(1, Math.max(0, confidence));
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    if (c > x1) continue;
    const [x0, y0] = points[i - 1]!;
    return x1 === x0 ? y1 : y0 + ((c - x0) / (x1 - x0)) * (y1 - y0);
  }
  return points.at(-1)![1];
}
