/**
 * Accents drawn as glyphs of their own. TeX's \accent (and older PDF producers) paints a spacing
 * accent over its letter: "´" then a move back then "a", so the text layer reads "Min´aˇc" where
 * the page shows "Mináč" (an arXiv paper's acknowledgements). pdftotext puts them together when
 * the accent's box lies over the letter's; so do we (op-text.ts), and only into a letter that
 * has a precomposed form, so nothing stranger than the page's own text comes out.
 */

/** Spacing accent → its combining mark. ASCII ` ^ ~ too: TeX's OT1 fonts map \` \^ \~ to them. */
const combining: Record<string, string> = {
  '\u00b4': '\u0301', // ´ acute
  '\u02ca': '\u0301',
  '`': '\u0300', // grave
  '\u02cb': '\u0300',
  '^': '\u0302', // circumflex
  '\u02c6': '\u0302',
  '~': '\u0303', // tilde
  '\u02dc': '\u0303',
  '\u00af': '\u0304', // macron
  '\u02c9': '\u0304',
  '\u02d8': '\u0306', // breve
  '\u02d9': '\u0307', // dot above
  '\u00a8': '\u0308', // diaeresis
  '\u02da': '\u030a', // ring above
  '\u02dd': '\u030b', // double acute
  '\u02c7': '\u030c', // caron
  '\u00b8': '\u0327', // cedilla
  '\u02db': '\u0328', // ogonek
};

export const isSpacingAccent = (c: string): boolean => c in combining;

/**
 * The letter with the accent on it as one precomposed character, or null when there is none
 * (the accent then stays as drawn). TeX sets í on a dotless ı.
 */
export function accented(letter: string, accent: string): string | null {
  const mark = combining[accent];
  if (!mark || !/^\p{L}$/u.test(letter)) return null;
  const base = letter === '\u0131' ? 'i' : letter === '\u0237' ? 'j' : letter;
  const out = (base + mark).normalize('NFC');
  return [...out].length === 1 ? out : null;
}

/** A glyph's horizontal extent on the page. */
export interface Span {
  x0: number;
  x1: number;
}

/** The accent sits over the letter: its centre inside the letter's extent. */
export function isOver(accent: Span, letter: Span): boolean {
  const centre = (accent.x0 + accent.x1) / 2;
  return centre > Math.min(letter.x0, letter.x1) && centre < Math.max(letter.x0, letter.x1);
}
