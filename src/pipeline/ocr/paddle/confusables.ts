/**
 * A letter and a digit whose shapes are the same in receipt and sans-serif print: 0 and O.
 * PaddleOCR's recogniser reads each character on its own, with no dictionary behind it, so it
 * writes "L0T", "INV0ICE", "r0jan" where the word is plain, and "RMO.20" where the amount is. The
 * word itself decides only in two places, and only there is a character changed:
 * - a 0 inside a word of letters (a letter before it and after it, no other digit) is the letter:
 *   "L0T" → "LOT". A 0 at either end is left alone, since codes end in digits ("SH01") and
 *   quantities start with them ("10PCS"). 1 is not mended: inside a word it is as often a code's
 *   digit ("LVD1P") as an I, and in lower case an i ("transact1on") as often as an l ("Tab1e");
 * - an O inside a number is the digit: between digits ("1O5"), or as the integer part of an
 *   amount after a currency ("RMO.20", "$O.50", "-RMO.01"). "NO.12" (the abbreviation of number)
 *   stays: N is not a currency.
 */

/** Currency signs and codes that print right before an amount. */
const currencyBefore = /^(?:[-+]?(?:RM|\$|€|£|¥|USD|EUR|GBP|MYR|SGD|CHF|AUD|CAD|INR)|[-+]?)$/;

export function mendConfusables(word: string): string {
  return mendOInNumbers(word.replace(/[\p{L}\p{N}]+/gu, mendZeroInLetters));
}

function mendZeroInLetters(run: string): string {
  const letters = run.replace(/0/g, '');
  if (letters === run || letters.length < 2 || !/^\p{Script=Latin}+$/u.test(letters)) return run;
  const rest = letters.slice(1);
  const o = rest === rest.toLowerCase() && rest !== rest.toUpperCase() ? 'o' : 'O';
  return run.replace(/(?<=\p{L}[\p{L}0]*)0(?=[\p{L}0]*\p{L})/gu, o);
}

function mendOInNumbers(word: string): string {
  return word.replace(/[Oo]/g, (o, at: number) => {
    const before = word.slice(0, at);
    const after = word.slice(at + 1);
    const betweenDigits = /\d$/.test(before) && /^\d/.test(after);
    const amountAfterCurrency = currencyBefore.test(before) && /^[.,]\d{2}(?!\d)/.test(after);
    const leadsDigits = /\d[.,]?$/.test(before) && /^[.,]\d{2}(?!\d)/.test(after);
    return betweenDigits || amountAfterCurrency || leadsDigits ? '0' : o;
  });
}
