/**
 * The text side of furniture (furniture.ts): what a page number looks like, and running-head
 * texts masked and compared so that "Chapter 3 — 41" and "Chapter 4 — 57" are one head.
 */

const ROMAN = /^(?=[ivxlc])c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

/** The whole block is a page number in one of the usual forms. */
export function isPageNumber(text: string): boolean {
  const t = text.trim().replace(/\s+/g, ' ');
  if (/^[-–—]?\s*\d{1,4}\s*[-–—]?$/.test(t)) return true; // 3, - 3 -
  if (/^\d{1,4} ?(\/|of|von|de|sur) ?\d{1,4}$/i.test(t)) return true; // 3 / 10, 3 of 10
  if (/^(page|p\.|pg\.?|seite|s\.|página|pagina|pag\.)\s?\d{1,4}(\s?(\/|of|von|de|sur)\s?\d{1,4})?$/i.test(t))
    return true;
  // Lower-case roman numerals (front matter); upper case only from two letters of I/V/X, so that
  // a lone "I" or "C", or "CV" or "MIX", stays text.
  if (ROMAN.test(t)) return true;
  return /^[IVX]{2,6}$/.test(t) && ROMAN.test(t.toLowerCase());
}

/** The value of a bare page number: "3", "- 3 -", "iii", "XIX"; null otherwise. */
export function bareNumber(text: string): number | null {
  const t = text.trim().replace(/^[-–—]\s*|\s*[-–—]$/g, '');
  if (/^\d{1,4}$/.test(t)) return Number(t);
  if (!isPageNumber(t) || !ROMAN.test(t.toLowerCase())) return null;
  const digit: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  const values = [...t.toLowerCase()].map((ch) => digit[ch]!);
  return values.reduce((sum, v, i) => sum + (v < (values[i + 1] ?? 0) ? -v : v), 0);
}

/** Case, spacing, numbers and roman numerals masked: "Chapter 3 — page 12" ≈ "Chapter 4 — page 13". */
export function mask(text: string): string {
  return text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .split(/\s+/)
    .map((word) => (ROMAN.test(word.replace(/[.,;:]$/, '')) ? '#' : word))
    .join(' ')
    .trim();
}

/** Dice coefficient over character bigrams, 0..1. */
export function dice(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  return diceOf(bigrams(a), bigrams(b));
}

export function bigrams(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length - 1; i++) out.push(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
  return out.sort((x, y) => x - y);
}

/** Dice over two sorted bigram lists (a merge: shared bigrams counted with their multiplicity). */
export function diceOf(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let [i, j, shared] = [0, 0, 0];
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}
