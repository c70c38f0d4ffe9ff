/**
 * Word-level similarity between an extraction and its ground truth:
 * 1 - Levenshtein(words) / max(word counts), over whitespace-normalised,
 * lower-cased words. Word order counts (that is what reading order is about);
 * line breaks and spacing do not. Used by the tests and by bench/.
 */
import { levenshtein } from '../core/edit-distance.ts';

/** Re-exported for the extraction lexicon, the OCR test helpers and bench/, which import it from here. */
export { levenshtein };

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
