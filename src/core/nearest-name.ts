/**
 * The known name a mistyped one was most likely meant to be, for "unknown field" messages: case,
 * `_`, `-` and `.` are ignored first (`filename` → `fileName`, `ocr_mode` → `ocrMode`), then the
 * closest name by edit distance (a swap of two neighbouring letters counts one edit: `prioirty` →
 * `priority`) wins, when at most a third of the letters, and at most 3, differ. Further than that a
 * suggestion misleads more than it helps (`file` is 4 edits from `fileName`, and meant `document`):
 * null.
 */
export function nearestName(name: string, known: Iterable<string>): string | null {
  const wanted = normalise(name);
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalise(candidate));
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

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Number.POSITIVE_INFINITY; // beyond any suggestion
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
