/**
 * What a word's characters say about whether it was read right, whatever the engine's
 * confidence: a misread swaps a letter for the digit it resembles (`S8.20` for `$8.20`,
 * `T0TAL` for `TOTAL`, `I0010000015` for `10010000015`), while printed tokens keep to one
 * class or to a known shape (an amount, a date, a time, a code such as `OR18030302170430`).
 */

/** Letters OCR takes for digits and back: O/0, I/l/1, S/5/$, B/8, Z/2, G/6, T/7, g/9, q/9. */
const lookAlikeLetters = /[OoQDIlLiSsBZzGgTqC]/;
const lookAlikeDigits = /[0125689]/;

/**
 * A word is suspect when one of its letter-digit runs mixes the two classes and one class is
 * there only as a single look-alike character: `S8`, `T0TAL`, `I0010000015`, `Tota1`. A run of
 * two or more letters before digits is a prefix (`RM8.20`, `OR1803`, `GST6`), not a misread;
 * and a number with a lone look-alike letter beside its decimal point (`C.46`) is suspect too.
 */
export function suspectShape(text: string): boolean {
  for (const run of text.split(/[^\p{L}\p{N}]+/u)) {
    const letters = run.match(/\p{L}+/gu) ?? [];
    const digits = run.match(/\p{N}+/gu) ?? [];
    if (letters.length === 0 || digits.length === 0) continue;
    const letterCount = letters.join('').length;
    const digitCount = digits.join('').length;
    const loneLetter =
      letters.some((l) => l.length === 1 && lookAlikeLetters.test(l)) && digitCount >= letterCount;
    const loneDigit =
      digits.some((d) => d.length === 1 && lookAlikeDigits.test(d)) && letterCount > digitCount;
    if (loneLetter || loneDigit) return true;
  }
  return /^[^\p{L}\p{N}]*[OoIlSsBZGC][.,]\d/u.test(text);
}

const shapes: readonly RegExp[] = [
  /^[$€£¥]?-?\d{1,3}(?:[,.]\d{3})*[.,]\d{2}[%]?$/, // amount: 8.20, $8.20, 1,234.50
  /^\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})$/, // date: 03/03/2018, 3.3.18
  /^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}$/, // date: 2018-03-03
  /^\d{1,2}:\d{2}(?::\d{2})?$/, // time: 18:22, 18:22:05
  /^\d+$/, // a count or a number
  /^[A-Z]{2,}[-#]?\d{3,}$/, // code: OR18030302170430, INV-0042
];

/** The word, stripped of edge punctuation a line puts round it, fits a common printed shape. */
export function knownShape(text: string): boolean {
  const core = text.replace(/^[([#:]+|[)\]:;,.]+$/g, '');
  return core !== '' && shapes.some((shape) => shape.test(core));
}

/** Letters or digits in it, not only punctuation or marks: something a line of text has. */
export function alnumCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}
