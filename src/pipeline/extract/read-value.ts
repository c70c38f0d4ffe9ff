/**
 * The first value of a kind at the start of a piece of text (what follows a label): its
 * normalised value, the text as printed, where it is, and how well it fits the kind (0..1).
 */
import { findAmounts } from './amounts.ts';
import type { ValueKind } from './concepts.ts';
import { currencyOf } from './currencies.ts';
import { findDates } from './dates.ts';
import {
  findBics,
  findEmails,
  findIbans,
  findPercents,
  findPhones,
  findUrls,
  findVatIds,
} from './identifiers.ts';

export interface ReadValue {
  value: string | number | boolean;
  /** As printed. */
  text: string;
  start: number;
  end: number;
  /** How well the text fits the kind: 1 for a clean date or amount, lower for guesses. */
  quality: number;
  /** For amounts: the currency printed with it. */
  currency?: string | null;
  /** For dates: the ISO form (value stays as printed for plain string fields). */
  iso?: string;
}

/** What separates a label from its value: "Invoice No.: 123", "Total (RM) = 12.00", "Date - 3/3". */
const leading = /^(?:\s|[:#=\-–—.|>]|\b(?:no|nr|n°|nº|number|num)\b\.?)+/iu;

export function readValue(kind: ValueKind, text: string, dayFirst: boolean): ReadValue | null {
  switch (kind) {
    case 'date': {
      const date = findDates(text, dayFirst)[0];
      if (!date) return null;
      return {
        value: date.text,
        text: date.text,
        start: date.start,
        end: date.end,
        quality: date.ambiguous ? 0.85 : 1,
        iso: date.iso,
      };
    }
    case 'amount':
    case 'number': {
      const amounts = findAmounts(text);
      // An amount has decimals; a bare integer right after a money label is weaker evidence.
      const amount = kind === 'amount' ? (amounts.find((a) => a.hasDecimals) ?? amounts[0]) : amounts[0];
      if (!amount) return null;
      const quality = kind === 'number' || amount.hasDecimals || amount.currency ? 1 : 0.7;
      // A plain-text amount is the word printed with the number ("8.20" of "RM 8.20", "$8.20").
      const start = amount.start + amount.text.indexOf(amount.token);
      return {
        value: amount.value,
        text: amount.token,
        start,
        end: start + amount.token.length,
        quality,
        currency: amount.currency,
      };
    }
    case 'percent': {
      const percent = findPercents(text)[0];
      if (percent) return { ...percent, quality: 1 };
      const number = findAmounts(text)[0];
      return number
        ? { value: number.value, text: number.text, start: number.start, end: number.end, quality: 0.6 }
        : null;
    }
    case 'email':
      return first(findEmails(text));
    case 'uri':
      return first(findUrls(text));
    case 'phone':
      return first(findPhones(text));
    case 'iban':
      return first(findIbans(text));
    case 'bic':
      return first(findBics(text));
    case 'vatId':
      return first(findVatIds(text, true));
    case 'currency':
      return readCurrency(text);
    case 'id':
      return readId(text);
    case 'boolean':
      return readBoolean(text);
    case 'text':
    case 'name':
    case 'address':
      return readText(text);
  }
}

function first(
  found: { start: number; end: number; text: string; value: string | number }[],
): ReadValue | null {
  const f = found[0];
  return f ? { ...f, quality: 1 } : null;
}

function readText(text: string): ReadValue | null {
  const skip = text.match(leading)?.[0].length ?? 0;
  const value = text.slice(skip).trim();
  // "Invoice number:" after "Bill to:" is the next label, not the value.
  if (!/[\p{L}\p{N}]/u.test(value) || /:$/.test(value)) return null;
  const start = text.indexOf(value, skip);
  return {
    value,
    text: value,
    start,
    end: start + value.length,
    quality: /\p{L}{2}/u.test(value) ? 0.9 : 0.6,
  };
}

/**
 * An identifier: the first token with a digit in it (INV/2023/03/0008, #BLR_WFLD2015, 42183017),
 * or a code of capitals when there is none. A date or an amount is not an id.
 */
function readId(text: string): ReadValue | null {
  const skip = text.match(leading)?.[0].length ?? 0;
  const tokens = [...text.slice(skip).matchAll(/[^\s:]+/g)].slice(0, 4);
  for (const [k, m] of tokens.entries()) {
    const token = m[0].replace(/[.,;)]+$/, '');
    const start = skip + m.index;
    if (/\d/.test(token) && !findDates(token).length && !/^\d{1,3}([.,]\d{3})*[.,]\d{2}$/.test(token)) {
      // The token right after the label is the value; one behind other words may be another
      // field's ("Invoice | Page 1"). A number of one or two digits is a weak id.
      const quality = (k === 0 ? 1 : 0.5) * (token.replace(/\W/g, '').length < 3 ? 0.6 : 1);
      return { value: token, text: token, start, end: start + token.length, quality };
    }
  }
  const code = tokens[0];
  if (code && /^[A-Z][A-Z0-9_/-]{3,}$/.test(code[0])) {
    return {
      value: code[0],
      text: code[0],
      start: skip + code.index,
      end: skip + code.index + code[0].length,
      quality: 0.5,
    };
  }
  return null;
}

function readCurrency(text: string): ReadValue | null {
  for (const m of text.matchAll(/\S+/g)) {
    const token = m[0].replace(/[.,:;()]+$/, '').replace(/^\(/, '');
    const code = currencyOf(token);
    if (code) return { value: code, text: token, start: m.index, end: m.index + token.length, quality: 1 };
    const amount = findAmounts(m[0])[0];
    if (amount?.currency)
      return {
        value: amount.currency,
        text: amount.text,
        start: m.index,
        end: m.index + m[0].length,
        quality: 0.9,
      };
  }
  return null;
}

const yes = /^(yes|y|true|ja|oui|si|sí|x|✓|✔|☑|☒|paid|bezahlt|betaald|payé|pagado)$/iu;
const no = /^(no|n|false|nein|non|nee|☐|unpaid|open|offen)$/iu;

function readBoolean(text: string): ReadValue | null {
  const m = text.match(/\S+/);
  if (!m) return null;
  const token = m[0].replace(/[.,:;]+$/, '');
  const value = yes.test(token) ? true : no.test(token) ? false : null;
  if (value === null) return null;
  return { value, text: token, start: m.index!, end: m.index! + token.length, quality: 0.9 };
}
