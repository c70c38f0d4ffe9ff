/**
 * Values with a shape of their own: e-mail addresses, phone numbers, IBANs (checked by their
 * mod-97 digits), BICs, VAT and tax ids, percentages, web addresses.
 */
import { vatPrefixes, vatShapeOk } from './vat-shapes.ts';

export interface FoundValue {
  start: number;
  end: number;
  text: string;
  /** The normalised value (IBAN without spaces, VAT id in capitals, percentage as a number). */
  value: string | number;
}

function collect(text: string, pattern: RegExp, normalise: (m: RegExpExecArray) => string | number | null) {
  const out: FoundValue[] = [];
  for (const m of text.matchAll(pattern)) {
    const value = normalise(m);
    if (value === null) continue;
    const printed = m[0].replace(/[\s.,;:]+$/, '');
    out.push({ start: m.index, end: m.index + printed.length, text: printed, value });
  }
  return out;
}

const email = /[\p{L}\d._%+-]+@[\p{L}\d.-]+\.\p{L}{2,}/gu;
export const findEmails = (text: string) =>
  collect(text, email, (m) => m[0].replace(/\.$/, '').toLowerCase());

const url = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
export const findUrls = (text: string) =>
  collect(text, url, (m) => {
    const printed = m[0].replace(/[.,;:)]+$/, '');
    return /^www\./i.test(printed) ? `https://${printed}` : printed;
  });

/** 7 to 15 digits (E.164 allows 15), with the usual separators; a leading + kept. */
const phone = /(?<![\w+])(?:\+|00)?\(?\d[\d\s()./-]{5,20}\d(?![\w])/g;
export const findPhones = (text: string) =>
  collect(text, phone, (m) => {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return null;
    // A date or an amount is not a phone number.
    if (/^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$/.test(m[0].trim()) || /^\d+[.,]\d{2}$/.test(m[0].trim()))
      return null;
    return m[0].trim().replace(/\s+/g, ' ');
  });

// Printed in groups of four or run together; the check digits weed out look-alikes.
const iban = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
export const findIbans = (text: string) =>
  collect(text, iban, (m) => {
    const compact = m[0].replace(/\s/g, '');
    return ibanChecksumOk(compact) ? compact : null;
  });

export function ibanChecksumOk(compact: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** Bank code (4 letters), country (2), location (2), optional branch (3). Only trusted next to a label. */
const bic = /\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g;
export const findBics = (text: string) => collect(text, bic, (m) => m[0]);

/**
 * EU VAT ids (country prefix + 8-12 characters, e.g. DE123456789, NL123456789B01, FR12345678901),
 * GB, CH (CHE-123.456.789) and the bare-digit ids of other countries' tax numbers (GST, TIN) when
 * a label says what they are: the caller passes `labelled`.
 */
const vatId = new RegExp(
  `\\b(?:(?:${vatPrefixes.join('|')}) ?[A-Z0-9][A-Z0-9 .-]{6,14}[A-Z0-9]|CHE-?\\d{3}\\.?\\d{3}\\.?\\d{3})\\b`,
  'g',
);
const taxNumber = /\b[A-Z0-9][A-Z0-9./-]{5,20}[A-Z0-9]\b/g;
/**
 * Where identifiers sit in a text: IBANs (their check digits hold), VAT ids (their country's
 * shape), and digit runs of 8 or more without a separator (account, order, registration
 * numbers). No amount is read inside one: "DE 232 446 240" is not 232, "NL50INGB0683251309" not 683.
 */
export function identifierSpans(text: string): { start: number; end: number }[] {
  const spans = [...findIbans(text), ...findVatIds(text, false)].map((f) => ({ start: f.start, end: f.end }));
  for (const m of text.matchAll(/(?<![\d.,])\d{8,}(?![\d]|[.,]\d)/g))
    spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

export function findVatIds(text: string, labelled: boolean): FoundValue[] {
  // An IBAN starts like a VAT id (DE89 3704...): its check digits say which it is.
  const ibans = findIbans(text);
  const prefixed = collect(text, vatId, (m) => {
    const compact = m[0].replace(/[\s.-]/g, '');
    if (ibans.some((i) => i.start < m.index + m[0].length && m.index < i.end)) return null;
    return compact.startsWith('CHE') || vatShapeOk(compact) ? compact : null;
  });
  if (prefixed.length > 0 || !labelled) return prefixed;
  return collect(text, taxNumber, (m) => ((m[0].match(/\d/g)?.length ?? 0) >= 6 ? m[0] : null));
}

const percent = /(?<![\d.,])(\d{1,3}(?:[.,]\d{1,3})?)\s?%/g;
export const findPercents = (text: string) => collect(text, percent, (m) => Number(m[1]!.replace(',', '.')));
