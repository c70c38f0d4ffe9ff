/**
 * Values found without a label, as weaker fallbacks: the first date on the document, the
 * largest amount in its lower part for a total, an e-mail or phone number that appears once,
 * an enum member the document names. Their confidence stays low (≤ 0.6): they are guesses.
 */
import { findAmounts } from './amounts.ts';
import type { ValueKind } from './concepts.ts';
import { findDates } from './dates.ts';
import type { DocLine } from './doc-lines.ts';
import { fold } from './fold.ts';
import { findEmails, findIbans, findPhones, findUrls, findVatIds } from './identifiers.ts';
import type { Candidate } from './locate.ts';
import type { ReadValue } from './read-value.ts';

const candidate = (line: DocLine, read: ReadValue, score: number): Candidate => ({
  read,
  line,
  bbox: line.bbox,
  score: score * (0.55 + 0.45 * line.confidence),
  source: line.text,
});

/** Lines whose dates are not the document's own (due, delivery, validity, birth...). */
const otherDate =
  /\b(due|delivery|deliver|ship|expir|valid|birth|until|period|from|to|faellig|fällig|liefer|echeance|échéance|vencim|verval)/i;

export function firstDate(lines: readonly DocLine[], dayFirst: boolean): Candidate | null {
  let first: Candidate | null = null;
  let ambiguous = false;
  const distinct = new Set<string>();
  for (const line of lines) {
    if (otherDate.test(line.text)) continue;
    for (const date of findDates(line.text, dayFirst)) {
      distinct.add(date.iso);
      if (first) continue;
      ambiguous = date.ambiguous;
      const read = {
        value: date.text,
        text: date.text,
        start: date.start,
        end: date.end,
        quality: 1,
        iso: date.iso,
      };
      first = candidate(line, read, 1);
    }
  }
  if (!first) return null;
  // The only date printed is the document's; the first of several is a fair guess (issue dates
  // come before due and delivery dates); day and month read either way is less sure.
  const score = (distinct.size === 1 ? 0.85 : 0.6) * (ambiguous ? 0.85 : 1);
  first.score *= score;
  return first;
}

/** Lines with amounts that are not the total: money handed over, change, savings. */
const notTotalLine =
  /\b(change|cash|tender|tendered|rounding|discount|saving|savings|points|qty|quantity|subtotal|sub total|tax|gst|vat)\b/i;

/** The largest amount with decimals in the lower two thirds of the document: a total's last resort. */
export function largestAmount(lines: readonly DocLine[]): Candidate | null {
  let best: Candidate | null = null;
  const from = Math.floor(lines.length / 3);
  for (const line of lines.slice(from)) {
    if (notTotalLine.test(line.text)) continue;
    for (const a of findAmounts(line.text)) {
      if (!a.hasDecimals || a.value <= 0) continue;
      if (!best || a.value > (best.read.value as number)) {
        const read = {
          value: a.value,
          text: a.text,
          start: a.start,
          end: a.end,
          quality: 1,
          currency: a.currency,
        };
        best = candidate(line, read, 0.3);
      }
    }
  }
  return best;
}

const finders: Partial<
  Record<ValueKind, (text: string) => { start: number; end: number; text: string; value: string | number }[]>
> = {
  email: findEmails,
  uri: findUrls,
  phone: findPhones,
  iban: findIbans,
  vatId: (text) => findVatIds(text, false),
};

/** Every value with a shape of its own (e-mail, phone, IBAN...) in the document, in reading order. */
export function patternValues(
  kind: ValueKind,
  lines: readonly DocLine[],
  skip: ReadonlySet<DocLine>,
): Candidate[] {
  const find = finders[kind];
  if (!find) return [];
  const found: Candidate[] = [];
  for (const line of lines) {
    if (skip.has(line)) continue;
    for (const f of find(line.text)) found.push(candidate(line, { ...f, quality: 1 }, 0.6));
  }
  return found;
}

/**
 * One such value for a single field: sure-ish when one distinct value appears (0.6), a guess
 * when several do (0.4, the first one: the issuer's details usually come before the customer's).
 */
export function patternValue(
  kind: ValueKind,
  lines: readonly DocLine[],
  skip: ReadonlySet<DocLine>,
): Candidate | null {
  const found = patternValues(kind, lines, skip);
  const first = found[0];
  if (!first) return null;
  if (new Set(found.map((f) => String(f.read.value))).size > 1) first.score *= 0.4 / 0.6;
  return first;
}

/** An enum member the document names (whole words): the most mentioned one, sure only when alone. */
export function enumMention(members: readonly unknown[], lines: readonly DocLine[]): Candidate | null {
  const counts = new Map<unknown, { n: number; line: DocLine }>();
  for (const line of lines) {
    const text = ` ${fold(line.text)} `;
    for (const m of members) {
      const f = fold(String(m));
      if (f.length < 2 || !text.includes(` ${f} `)) continue;
      const entry = counts.get(m);
      counts.set(m, { n: (entry?.n ?? 0) + 1, line: entry?.line ?? line });
    }
  }
  const ranked = [...counts].sort((a, b) => b[1].n - a[1].n);
  const top = ranked[0];
  if (!top) return null;
  const read = { value: top[0] as string, text: String(top[0]), start: 0, end: 0, quality: 1 };
  return candidate(top[1].line, read, ranked.length === 1 ? 0.6 : 0.35);
}
