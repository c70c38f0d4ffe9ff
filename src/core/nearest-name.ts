import { levenshtein } from './edit-distance.ts';

/**
 * The known name a mistyped one was most likely meant to be, for "unknown field" messages: case,
 * `_`, `-` and `.` are ignored first (`filename` → `fileName`, `ocr_mode` → `ocrMode`), then the
 * closest name by edit distance (`prioirty` → `priority`, `metdata` → `metadata`) wins, when at
 * most a third of the letters, and at most 3, differ. Further than that a suggestion misleads more
 * than it helps (`file` is 4 edits from `fileName`, and meant `document`): null.
 */
export function nearestName(name: string, known: Iterable<string>): string | null {
  const codes = (text: string) => Array.from(text, (c) => c.codePointAt(0)!);
  const wanted = normalise(name);
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const other = normalise(candidate);
    // Names that differ in length by more than any allowed distance are not compared at all.
    const distance =
      Math.abs(other.length - wanted.length) > 3
        ? Number.POSITIVE_INFINITY
        : levenshtein(codes(wanted), codes(other));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.min(3, Math.floor(Math.max(wanted.length, 1) / 3));
  return bestDistance <= allowed ? best : null;
}

/** `unknown field "x"`, with `; did you mean "y"?` when nearestName finds one. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const nearest = nearestName(name, known);
  return nearest === null ? '' : `; did you mean "${nearest}"?`;
}

const normalise = (name: string) => name.toLowerCase().replace(/[-_.\s]/g, '');
