/**
 * Money amounts as printed: 1,234.56 / 1.234,56 / 1 234,56 / 1'234.56 / RM 8.20 / $8.20 /
 * 8,20 € / EUR 12 / (12.00) / 12.00- . A plain space groups thousands only before a decimal comma
 * (1 234,56): "2 100.00" on a receipt is a quantity and a price. The decimal mark is whichever of "." and "," comes last
 * and is followed by one or two digits; a single separator followed by exactly three digits is a
 * thousands separator (1,234 and 1.234 are both 1234).
 */
import { currencyOf, currencyPattern } from './currencies.ts';
import { identifierSpans } from './identifiers.ts';

export interface FoundAmount {
  start: number;
  end: number;
  /** As printed, currency sign included when it is attached or one space away. */
  text: string;
  /** The printed word that holds the number: its sign only when attached ("$8.20", "8.20" of "RM 8.20"). */
  token: string;
  /** The number alone as printed (no sign, no currency). */
  numberText: string;
  value: number;
  currency: string | null;
  /** Printed with decimals (12.00), which is how amounts look; a bare integer may be a count. */
  hasDecimals: boolean;
  /** Read across a space OCR put beside the decimal mark ("41 .14"): a little less sure. */
  mended: boolean;
}

/**
 * OCR's broken spacing around a decimal mark: "41 .14", "41 ,14", "12. 50" are 41.14 and 12.50.
 * Only exactly two decimals after the break and never ", " (a list: "5, 10" is two numbers), so
 * two amounts of a column are not glued into one.
 */
const mendedDecimal = '\\d+(?: [.,]|\\. )\\d{2}(?![\\d.,])';
const number =
  `${mendedDecimal}|` +
  "\\d{1,3}(?:(?:,\\d{3})+(?:\\.\\d{1,2})?|(?:\\.\\d{3})+(?:,\\d{1,2})?|(?:[\\u00a0\\u202f']\\d{3})+(?:[.,]\\d{1,2})?|(?: \\d{3})+,\\d{1,2})(?![\\d])|\\d+(?:[.,]\\d{1,2})?(?![\\d])";
// Not an amount: a percentage, part of a date, time or reference (21/02/18, 18:22, 100-200),
// a number run into letters (1X, 2kg). A currency after the number must not be the next one's.
const amountPattern = new RegExp(
  `(?<![\\p{L}\\d.,/:-])(\\()?(-|−)?\\s?(${currencyPattern})?\\s?(-|−)?(${number})(?!\\s?%|[/:.,-]\\d)(\\s?-(?!\\d))?\\)?(?:\\s?(${currencyPattern})(?!\\s?\\d))?(?![\\p{L}\\d])`,
  'gu',
);

/** The value of a printed number ("1.234,56" → 1234.56), or null when it is not one. */
export function parseNumber(printed: string): number | null {
  const text = printed.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(text)) return null;
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  const last = Math.max(lastDot, lastComma);
  let integer = text;
  let fraction = '';
  if (last >= 0 && text.length - last - 1 <= 2 && text.length - last - 1 >= 1) {
    integer = text.slice(0, last);
    fraction = text.slice(last + 1);
  }
  const digits = integer.replace(/[.,]/g, '');
  const value = Number(fraction ? `${digits}.${fraction}` : digits);
  return Number.isFinite(value) ? value : null;
}

/** Every amount in `text`, left to right. Plain integers are included (hasDecimals false). */
export function findAmounts(text: string): FoundAmount[] {
  const found: FoundAmount[] = [];
  // Identifiers only where they could be: a capital letter or a run of 8 digits in the text.
  const ids = /[A-Z]|\d{8}/.test(text) ? identifierSpans(text) : [];
  for (const m of text.matchAll(amountPattern)) {
    if (ids.some((id) => id.start < m.index + m[0].length && m.index < id.end)) continue;
    const [whole, open, minusBefore, signBefore, minusAfterSign, numberText, minusAfter, signAfter] = m;
    const value = parseNumber(numberText!);
    if (value === null) continue;
    const negative = Boolean(
      minusBefore || minusAfterSign || minusAfter || (open && whole.trimEnd().endsWith(')')),
    );
    const sign = signBefore ?? signAfter ?? null;
    let start = m.index;
    let printed = whole;
    // A leading "(" without its ")" is not part of the amount.
    if (open && !whole.trimEnd().endsWith(')')) {
      start += 1;
      printed = printed.slice(1);
    }
    const trimmed = printed.trimEnd();
    found.push({
      start: start + (printed.length - printed.trimStart().length),
      end: start + trimmed.length,
      text: trimmed.trim(),
      token: attachedToken(whole, numberText!, signBefore, signAfter),
      numberText: numberText!,
      value: negative ? -value : value,
      currency: sign ? currencyOf(sign) : null,
      hasDecimals: /[.,] ?\d{1,2}$/.test(numberText!),
      mended: new RegExp(`^${mendedDecimal}$`).test(numberText!),
    });
  }
  return found;
}

/** The number with the signs printed against it (no space between): "$8.20", "8,20€", "-5.00". */
function attachedToken(whole: string, numberText: string, before?: string, after?: string): string {
  let token = numberText;
  if (before && whole.includes(before + token)) token = before + token;
  if (after && whole.includes(token + after)) token += after;
  for (const minus of ['-', '−']) {
    if (whole.includes(minus + token)) token = minus + token;
    else if (whole.includes(token + minus)) token += minus;
  }
  return token;
}

/**
 * An amount OCR split inside its decimals ("72. 00", "RM7.0 0") joined again: a printed amount
 * has no space there. Anything else is left as read.
 */
export function joinSplitDecimals(text: string): string {
  return text.replace(/(\d[.,])\s(\d{2})$/, '$1$2').replace(/(\d[.,]\d)\s(\d)$/, '$1$2');
}
