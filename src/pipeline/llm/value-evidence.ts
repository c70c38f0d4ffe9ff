/**
 * Where in the document a value the model gave is written, and so how far to trust it. The model is
 * not asked for a confidence (models state numbers they cannot back); instead a value found as the
 * document prints it scores 0.9, one that is not (reformatted, inferred, or made up) 0.6, null 0.
 */

import { findAmounts } from '../extract/amounts.ts';
import { findDates } from '../extract/dates.ts';
import { fold } from '../extract/fold.ts';
import type { FieldEvidence } from '../extract/types.ts';
import type { BoundingBox, ParsedDocument, ParsedPage } from '../types.ts';

const foundConfidence = 0.9;
const notFoundConfidence = 0.6;

/** Lower-case, NFKC (so a no-break space is a space), runs of whitespace as one space. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** What a text shows, read once: amounts and dates parsed the way the built-in engine parses them. */
interface Reading {
  normalised: string;
  /** fold()ed, between spaces: words compared without case, accents or punctuation. */
  folded: string;
  /** In cents, sign dropped: a discount printed 12.50 is the model's -12.5. */
  cents: Set<number>;
  /** YYYY-MM-DD, numeric dates read both day-first and month-first. */
  dates: Set<string>;
}

/** Reads each distinct text once: the same lines are tested against every value of an answer. */
export class TextReadings {
  readonly #cache = new Map<string, Reading>();
  readonly #patterns = new Map<string, RegExp>();

  pattern(form: string): RegExp {
    let pattern = this.#patterns.get(form);
    if (!pattern) {
      pattern = bounded(form);
      this.#patterns.set(form, pattern);
    }
    return pattern;
  }

  of(text: string): Reading {
    let reading = this.#cache.get(text);
    if (!reading) {
      reading = {
        normalised: normalise(text),
        folded: ` ${fold(text)} `,
        cents: new Set(findAmounts(text).map((amount) => cents(amount.value))),
        dates: new Set([...findDates(text, true), ...findDates(text, false)].map((date) => date.iso)),
      };
      this.#cache.set(text, reading);
    }
    return reading;
  }
}

/**
 * Whether the text shows the value as a document would print it: a number in any of its printed
 * forms (1,234.50 / 1.234,50 / (1,234.50) / 0.125), an ISO date in any (01/03/2024, 1 March 2024),
 * other strings as whole words ignoring case, accents and punctuation (OCR reads "SDN. BHD" where
 * the model writes "SDN BHD"). Booleans have no printed form: never shown.
 */
export function shows(value: unknown, text: string, readings: TextReadings): boolean {
  const reading = readings.of(text);
  if (typeof value === 'number') {
    if (reading.cents.has(cents(value))) return true;
    // Beyond cents (0.125 kg, a rate): the digits as written, not inside a longer number.
    return readings.pattern(String(value)).test(reading.normalised);
  }
  if (typeof value !== 'string') return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && reading.dates.has(value)) return true;
  const form = fold(value);
  if (form !== '') return reading.folded.includes(` ${form} `);
  // Only signs ("$", "€"): as written.
  const signs = normalise(value);
  return signs !== '' && reading.normalised.includes(signs);
}

/** Per field path: confidence for every leaf (and empty array or null object), evidence where found. */
export function confidenceAndEvidence(
  data: Record<string, unknown>,
  document: ParsedDocument,
): { confidence: Record<string, number>; evidence: Record<string, FieldEvidence> } {
  const confidence: Record<string, number> = {};
  const evidence: Record<string, FieldEvidence> = {};
  const readings = new TextReadings();
  const walk = (value: unknown, path: string): void => {
    if (value === null || value === undefined) {
      confidence[path] = 0;
    } else if (Array.isArray(value)) {
      if (value.length === 0) confidence[path] = 0;
      for (const [index, item] of value.entries()) walk(item, `${path}[${index}]`);
    } else if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    } else {
      const where = locate(value, document, readings);
      confidence[path] = where ? foundConfidence : notFoundConfidence;
      if (where) evidence[path] = where;
    }
  };
  walk(data, '');
  return { confidence, evidence };
}

/** The first line (in page order) that shows the value, with the box of the OCR line or block it is in. */
export function locate(
  value: unknown,
  document: ParsedDocument,
  readings = new TextReadings(),
): FieldEvidence | null {
  const inText = (text: string) => shows(value, text, readings);
  for (const page of document.pages) {
    for (const source of [page.text, page.markdown]) {
      if (!inText(source)) continue;
      const line = source.split('\n').find(inText);
      // Not on one line: the value runs over a line break; quote the value itself.
      return { page: page.page, text: line?.trim() ?? String(value), bbox: boxOf(page, inText) };
    }
  }
  return null;
}

function boxOf(page: ParsedPage, inText: (text: string) => boolean): BoundingBox | null {
  const ocrLine = page.lines?.find((line) => inText(line.text));
  if (ocrLine) return ocrLine.bbox;
  return page.blocks.find((block) => block.bbox && inText(block.text))?.bbox ?? null;
}

const cents = (value: number) => Math.round(Math.abs(value) * 100);

/** A form must not be part of a longer word or number: "12" is not found in "3125" nor in "12.50". */
function bounded(form: string): RegExp {
  const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const before = /^[\p{L}\p{N}]/u.test(form) ? '(?<![\\p{L}\\p{N}]|\\p{N}[.,])' : '';
  const after = /[\p{L}\p{N}]$/u.test(form) ? '(?![\\p{L}\\p{N}]|[.,]\\p{N})' : '';
  return new RegExp(`${before}${escaped}${after}`, 'u');
}
