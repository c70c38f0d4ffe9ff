/**
 * Edit distance over sequences of numbers (words interned to integers, characters as char codes):
 * in core because the pipeline compares texts with it and the API suggests field names with it
 * (nearest-name.ts).
 */

/**
 * Two-row dynamic programme: O(n·m) time, O(m) memory. 10k × 10k words is
 * 10^8 cells, ~0.3 s; fine for a test and a benchmark, not for a request path.
 */
export function levenshtein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let prev = new Int32Array(b.length + 1);
  let curr = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const cost = ai === b[j - 1] ? 0 : 1;
      const del = prev[j]! + 1;
      const ins = curr[j - 1]! + 1;
      const sub = prev[j - 1]! + cost;
      curr[j] = Math.min(del, ins, sub);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}
