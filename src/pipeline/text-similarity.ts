/**
 * Word-level similarity between an extraction and its ground truth:
 * 1 - Levenshtein(words) / max(word counts), over whitespace-normalised,
 * lower-cased words. Word order counts (that is what reading order is about);
 * line breaks and spacing do not. Used by the tests and by bench/.
 */

export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** 1 for identical word sequences, 0 for nothing in common (or one side empty). */
export function wordSimilarity(a: string, b: string): number {
  return sequenceSimilarity(words(a), words(b));
}

export function sequenceSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  return 1 - levenshtein(intern(a, b), intern(b, a)) / Math.max(a.length, b.length);
}

/** Words → small integers so the inner loop compares numbers, not strings. */
function intern(xs: readonly string[], others: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  for (const w of [...xs, ...others].sort()) if (!ids.has(w)) ids.set(w, ids.size);
  return Int32Array.from(xs, (w) => ids.get(w)!);
}

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
