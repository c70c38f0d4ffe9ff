/**
 * Data keys matched to the labels printed on a form (agent fill) and to AcroForm field names:
 * both become lists of plain words — camelCase, snake_case, dotted paths and punctuation split,
 * accents and case dropped — so that `dateOfBirth`, `date_of_birth` and "Date of birth:" meet.
 */

/** Words a label carries that say nothing about which value goes there. */
const fillerWords = new Set([
  'the',
  'of',
  'a',
  'an',
  'your',
  'please',
  'enter',
  'here',
  'no',
  'nr',
  'number',
]);

/** "dateOfBirth", "date_of_birth", "Date of Birth:" → ["date", "of", "birth"]. */
export function labelWords(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      // "E-mail" is one word to a reader, as "email" is.
      .replace(/(?<![\p{L}\p{N}])(\p{L})[-\u2010](?=\p{L}{2})/gu, '$1')
      .replace(/([a-z\d])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
  );
}

/** One text's words joined: what exact comparisons use. */
export const normalisedLabel = (text: string): string => labelWords(text).join(' ');

/**
 * 0..1: how well a key names a label. Equal words (in any order) are 1; otherwise the share of
 * meaningful words the two have in common (Dice), so "email" against "E-mail address" is 0.67 and
 * "name" against "Company name" 0.67, but "name" against "Date" 0; a key whose words are all in the
 * label scores at least 0.65.
 */
export function labelScore(key: string, label: string): number {
  const a = labelWords(key);
  const b = labelWords(label);
  if (a.length === 0 || b.length === 0) return 0;
  if (a.join(' ') === b.join(' ')) return 1;
  // "e mail" and "email" are one word to a reader.
  if (a.join('') === b.join('')) return 1;
  const meaningful = (words: string[]) => {
    const kept = words.filter((word) => !fillerWords.has(word));
    return new Set(kept.length > 0 ? kept : words);
  };
  const left = meaningful(a);
  const right = meaningful(b);
  if ([...left].sort().join(' ') === [...right].sort().join(' ')) return 0.95;
  let common = 0;
  for (const word of left) if (right.has(word) || [...right].some((other) => sameStem(word, other))) common++;
  const dice = (2 * common) / (left.size + right.size);
  // Every word of the key in the label ("newsletter" in "Send me the newsletter"): a sentence
  // label names its key, though most of its words are not in it.
  return common === left.size ? Math.max(dice, 0.65) : dice;
}

/** "phone" and "phones", "address" and "addresses": one word with an English plural. */
const sameStem = (a: string, b: string) =>
  a.length >= 4 && b.length >= 4 && (a === `${b}s` || b === `${a}s` || a === `${b}es` || b === `${a}es`);

export interface Pairing<K, L> {
  key: K;
  label: L;
  score: number;
}

/**
 * One label per key and one key per label, best scores first (a greedy assignment: with a few
 * dozen fields on a form it gives what the optimal one gives, and ties go to the earlier label,
 * which is the reading order). Pairs under `threshold` are left out.
 */
export function pairBest<K, L>(
  keys: readonly K[],
  labels: readonly L[],
  score: (key: K, label: L) => number,
  threshold: number,
): Pairing<K, L>[] {
  const candidates: { k: number; l: number; score: number }[] = [];
  for (const [k, key] of keys.entries())
    for (const [l, label] of labels.entries()) {
      const value = score(key, label);
      if (value >= threshold) candidates.push({ k, l, score: value });
    }
  candidates.sort((x, y) => y.score - x.score || x.l - y.l || x.k - y.k);
  const usedKeys = new Set<number>();
  const usedLabels = new Set<number>();
  const pairs: Pairing<K, L>[] = [];
  for (const candidate of candidates) {
    if (usedKeys.has(candidate.k) || usedLabels.has(candidate.l)) continue;
    usedKeys.add(candidate.k);
    usedLabels.add(candidate.l);
    pairs.push({ key: keys[candidate.k]!, label: labels[candidate.l]!, score: candidate.score });
  }
  return pairs;
}
