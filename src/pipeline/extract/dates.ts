/**
 * Dates as documents print them: 2018-03-03, 03/03/2018, 3.3.18, 03 MAR 2018, 05-JAN-2017,
 * March 3, 2018, 3rd March 2018, 3 de marzo de 2018, 3. März 2018, 1er janvier 2020.
 * Month names in English, German, French, Dutch and Spanish.
 *
 * All-numeric day/month order is ambiguous (03/04/2018). A date whose first or second number
 * is over 12 settles it; otherwise the caller says which order the document uses
 * (documentDayFirst looks at all its dates), day first being what most of the world writes.
 */

export interface FoundDate {
  /** Offsets of the printed date in the searched text. */
  start: number;
  end: number;
  /** As printed. */
  text: string;
  /** YYYY-MM-DD */
  iso: string;
  /** Both orders gave a real date and the caller's order was used. */
  ambiguous: boolean;
}

const monthNames: Record<string, number> = {};
const addMonths = (names: string[]) => {
  for (const [k, group] of names.entries()) for (const name of group.split('|')) monthNames[name] = k + 1;
};
// English, German, French, Dutch, Spanish; full names and the usual abbreviations, folded (no accents).
addMonths([
  'january|jan|januar|janvier|janv|januari|enero|ene|jaenner|janner',
  'february|feb|febr|februar|fevrier|fevr|fev|februari|febrero',
  'march|mar|maerz|marz|mars|maart|mrt|marzo',
  'april|apr|avril|avr|abril|abr',
  'may|mai|mei|mayo',
  'june|jun|juni|juin|junio',
  'july|jul|juli|juillet|juil|julio',
  'august|aug|aout|augustus|agosto|ago',
  'september|sep|sept|septembre|septiembre|setiembre|set',
  'october|oct|oktober|okt|octobre|octubre',
  'november|nov|novembre|noviembre',
  'december|dec|dezember|dez|decembre|diciembre|dic',
]);

const month = '(\\p{L}{3,10})\\.?';
const day = '(\\d{1,2})(?:st|nd|rd|th|er|e|\\.)?';
const year = "'?(\\d{4}|\\d{2})";
const gap = '[\\s,.\\-/]*';
const iso = /(?<!\d)(\d{4})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?!\d)/g;
const numeric = /(?<![\d.,])(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d])/g;
const dayMonthYear = new RegExp(
  `(?<![\\p{L}\\d])${day}${gap}(?:de\\s+)?${month}${gap}(?:de\\s+)?${year}(?!\\d)`,
  'gu',
);
// The day and the year must be apart: "May 2018" is not the 20th of May 2018.
const monthDayYear = new RegExp(`(?<![\\p{L}\\d])${month}${gap}${day},?[\\s,.\\-/]+${year}(?!\\d)`, 'gu');

const foldMonth = (name: string) => name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  // Two-digit years: documents being read are recent; 70-99 are last century's.
  return n < 70 ? 2000 + n : 1900 + n;
}

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Every date in `text`, left to right, without overlaps. */
/**
 * A date as printed, without the spaces OCR puts beside a narrow hyphen or slash ("05- Jan-2017",
 * "27/03/ 2018"): no one prints a date that way. Spaces after a dot stay ("24. März 2018").
 */
function closeSeparators(text: string): string {
  return text.replace(/\s*([-/])\s*/g, '$1');
}

export function findDates(text: string, dayFirst = true): FoundDate[] {
  const found: FoundDate[] = [];
  const take = (match: RegExpExecArray, y: number, m: number, d: number, ambiguous = false) => {
    const date = isoDate(y, m, d);
    if (!date) return;
    const start = match.index;
    const end = start + match[0].length;
    if (found.some((f) => f.start < end && start < f.end)) return;
    found.push({ start, end, text: closeSeparators(match[0].trim()), iso: date, ambiguous });
  };
  for (const m of text.matchAll(iso)) take(m, Number(m[1]), Number(m[3]), Number(m[4]));
  for (const m of text.matchAll(dayMonthYear)) {
    const monthNumber = monthNames[foldMonth(m[2]!)];
    if (monthNumber) take(m, fullYear(m[3]!), monthNumber, Number(m[1]));
  }
  for (const m of text.matchAll(monthDayYear)) {
    const monthNumber = monthNames[foldMonth(m[1]!)];
    if (monthNumber) take(m, fullYear(m[3]!), monthNumber, Number(m[2]));
  }
  for (const m of text.matchAll(numeric)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(m[4]!);
    const asDayFirst = isoDate(y, b, a);
    const asMonthFirst = isoDate(y, a, b);
    if (asDayFirst && asMonthFirst) {
      if (dayFirst) take(m, y, b, a, a !== b);
      else take(m, y, a, b, a !== b);
    } else if (asDayFirst) take(m, y, b, a);
    else if (asMonthFirst) take(m, y, a, b);
  }
  return found.sort((x, y) => x.start - y.start);
}

/**
 * Which order a document writes numeric dates in: any date that can only be read one way
 * decides (11/25/2023 is month first); with none, day first unless `monthFirstHint` (the
 * document is in US dollars, where month first is the custom).
 */
export function documentDayFirst(texts: readonly string[], monthFirstHint: boolean): boolean {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const text of texts) {
    for (const m of text.matchAll(numeric)) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a > 12 && b <= 12) dayFirst++;
      else if (b > 12 && a <= 12) monthFirst++;
    }
  }
  if (dayFirst !== monthFirst) return dayFirst > monthFirst;
  return !monthFirstHint;
}
