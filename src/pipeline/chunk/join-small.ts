/**
 * Chunks under `minTokens` joined to the next one, else to the one before, wherever `merge` says
 * the two fit together (it returns null when they do not). Shared by the size packer and the
 * structure chunker, which differ only in how two chunks are put together.
 */
export function joinSmallNeighbours<T>(
  chunks: readonly T[],
  minTokens: number,
  tokensOf: (chunk: T) => number,
  merge: (a: T, b: T) => T | null,
): T[] {
  const out = [...chunks];
  let k = 0;
  while (k < out.length) {
    if (tokensOf(out[k]!) >= minTokens || out.length === 1) {
      k++;
      continue;
    }
    const after = k + 1 < out.length ? merge(out[k]!, out[k + 1]!) : null;
    if (after) {
      out.splice(k, 2, after);
      continue;
    }
    const before = k > 0 ? merge(out[k - 1]!, out[k]!) : null;
    if (before) {
      out.splice(k - 1, 2, before);
      k--;
    } else k++;
  }
  return out;
}
