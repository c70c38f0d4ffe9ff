/**
 * The embedded standard font (Helvetica, WinAnsi) values are written in: which characters it
 * cannot draw, and the size at which a text fits a width.
 */
import type { PDFFont } from 'pdf-lib';

const characterSets = new WeakMap<PDFFont, Set<number>>();

/** The characters of `text` the font has no glyph for, quoted, or null when it can draw them all. */
export function unsupportedCharacters(font: PDFFont, text: string): string | null {
  let known = characterSets.get(font);
  if (!known) {
    known = new Set(font.getCharacterSet());
    characterSets.set(font, known);
  }
  const missing = [
    ...new Set([...text].filter((char) => !/\s/.test(char) && !known.has(char.codePointAt(0)!))),
  ];
  return missing.length > 0 ? missing.map((char) => `"${char}"`).join(', ') : null;
}

/** Text that is written on one line: breaks and tabs become spaces. */
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The largest size ≤ `preferred` (down to `smallest`) at which the text fits `width`; null if none. */
export function fittedSize(
  font: PDFFont,
  text: string,
  width: number,
  preferred: number,
  smallest = 5,
): number | null {
  const atOne = font.widthOfTextAtSize(text, 1);
  if (atOne === 0) return preferred;
  const size = Math.min(preferred, width / atOne);
  return size >= smallest ? Math.floor(size * 4) / 4 : null;
}
