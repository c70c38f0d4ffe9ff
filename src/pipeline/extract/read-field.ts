/**
 * One scalar field of the schema, found in the document: label candidates first (labels.ts,
 * locate.ts), then what the field's concept knows without a label (the issuer at the top, the
 * first date, a currency from the amounts), each value fitted to the field's type. The best
 * candidate that fits wins; none → null with confidence 0.
 */

import { findAmounts } from './amounts.ts';
import { abstainBelow, confidenceOf, ocrTrust, valueWords } from './confidence.ts';
import { documentCurrency } from './currencies.ts';
import { customerAddress } from './customer-block.ts';
import { type DocLine, unionBox } from './doc-lines.ts';
import { describeField, type FieldDescriptor } from './field-descriptor.ts';
import { fitValue } from './fit-value.ts';
import { cleanName, type HeaderGuess } from './header-party.ts';
import { findLabelHits } from './labels.ts';
import { type Candidate, candidatesFromHit } from './locate.ts';
import type { ScalarField } from './schema-fields.ts';
import { type SumSlot, slotValues, sumFactor, type TotalsCheck } from './totals.ts';
import type { FieldEvidence } from './types.ts';
import { enumMention, firstDate, largestAmount, patternValue } from './unlabelled.ts';

export interface FieldResult {
  value: unknown;
  confidence: number;
  evidence: FieldEvidence | null;
}

export const notFound: FieldResult = { value: null, confidence: 0, evidence: null };

/** What every field of one document shares, worked out once. */
export interface DocContext {
  lines: DocLine[];
  dayFirst: boolean;
  /** Lines of the customer's block (after "Bill to"), which are not the issuer's. */
  customerLines: Set<DocLine>;
  header: () => { name: HeaderGuess | null; address: HeaderGuess | null };
  /** Subtotal + tax sums, for cross-checking a total (worked out on first use). */
  totals: () => TotalsCheck;
}

export function readScalar(field: ScalarField, ctx: DocContext): FieldResult {
  if (field.hasConst) return { value: field.constValue, confidence: 1, evidence: null };
  const descriptor = describeField(field, false);
  const fromLabels = labelled(descriptor, ctx).map((c) => ({ ...c, fromLabel: true }));
  const candidates = [...fromLabels, ...unlabelled(field, descriptor, ctx)];
  return best(field, descriptor, candidates, ctx);
}

/** The best candidate whose value fits the field; ties keep the earlier (labelled) one. */
function best(
  field: ScalarField,
  descriptor: FieldDescriptor,
  candidates: Candidate[],
  ctx: DocContext,
): FieldResult {
  let winner: { c: Candidate; value: unknown } | null = null;
  const slot = sumSlot(descriptor);
  if (slot) {
    // The cross-check ranks as well as it scores: the line that makes the sum hold wins.
    const check = ctx.totals();
    candidates = candidates.map((c) => {
      const read = inSum(c, slotValues(slot, check));
      const factor = typeof read.read.value === 'number' ? sumFactor(slot, read.read.value, check) : 1;
      return { ...read, score: read.score * factor };
    });
  }
  for (const c of candidates) {
    if (winner && c.score <= winner.c.score) continue;
    const value = fitValue(field, descriptor, c.read, ctx.dayFirst);
    if (value === undefined || value === null || value === '') continue;
    winner = { c, value };
  }
  if (!winner) return notFound;
  const { c, value } = winner;
  const lines = c.lines ?? [c.line];
  const confidence = confidenceOf({
    score: c.score,
    source: c.fromLabel ? 'label' : c.lines ? 'layout' : 'shape',
    trust: ocrTrust(valueWords(lines, c.bbox)),
    lineFactor: 0.55 + 0.45 * Math.min(...lines.map((l) => l.confidence)),
  });
  if (confidence < abstainBelow) return { ...notFound, confidence };
  return { value, confidence, evidence: { page: c.line.page, bbox: c.bbox ?? c.line.bbox, text: c.source } };
}

const sumSlot = (d: FieldDescriptor): SumSlot | null => {
  const id = d.concept?.id;
  return id === 'subtotal' || id === 'tax' || id === 'total' ? id : null;
};

/**
 * The candidate read again when its line also prints a number that makes subtotal + tax =
 * total hold ("Tax 15% on $ 112.90  $ 16.94": the tax is 16.94, not the first amount).
 */
function inSum(c: Candidate, values: readonly number[]): Candidate {
  if (values.length === 0 || typeof c.read.value !== 'number' || values.includes(c.read.value)) return c;
  const amount = findAmounts(c.line.text).find(
    (a) => a.hasDecimals && values.some((v) => Math.abs(v - a.value) < 0.011),
  );
  if (!amount) return c;
  const start = amount.start + amount.text.indexOf(amount.token);
  const read = {
    ...c.read,
    value: amount.value,
    text: amount.token,
    start,
    end: start + amount.token.length,
  };
  const words = wordsCovering(c.line, start, read.end);
  return { ...c, read, bbox: unionBox(words.map((w) => w.bbox)) ?? c.bbox };
}

/** The words of a line that characters [start, end) of its text fall in. */
function wordsCovering(line: DocLine, start: number, end: number): DocLine['words'] {
  let at = 0;
  const out: DocLine['words'] = [];
  for (const w of line.words) {
    const from = at;
    at += w.text.length + 1;
    if (from < end && at - 1 > start) out.push(w);
  }
  return out;
}

function labelled(descriptor: FieldDescriptor, ctx: DocContext): Candidate[] {
  if (descriptor.labels.length === 0 && descriptor.weakLabels.length === 0) return [];
  const hits = findLabelHits(ctx.lines, descriptor);
  const candidates = hits.flatMap((hit) => candidatesFromHit(hit, descriptor, ctx.lines, ctx.dayFirst));
  if (descriptor.concept?.id === 'total') adjustTotals(candidates, ctx.lines);
  // Several hits of the same strength: the first (dates) or the last (totals) is the one meant.
  const n = candidates.length;
  if (n > 1) {
    const order = [...candidates].sort((a, b) => a.line.index - b.line.index);
    order.forEach((c, rank) => {
      const position = rank / (n - 1);
      c.score *= descriptor.prefer === 'last' ? 0.96 + 0.04 * position : 1 - 0.04 * position;
    });
  }
  return candidates;
}

/** Money handed over or charged: a total that equals it is confirmed. */
const paymentLine =
  /\b(cash|card|visa|master|mastercard|amex|credit|debit|paid|tender|tendered|payment|bezahlt|betaald|payé|pagado|eftpos|nets)\b/i;

/**
 * A grand total is the largest of the totals printed (subtotal and tax are smaller) and is
 * what was paid: candidates with those properties gain a little.
 */
function adjustTotals(candidates: Candidate[], lines: readonly DocLine[]): void {
  const values = candidates.map((c) => c.read.value).filter((v): v is number => typeof v === 'number');
  const max = Math.max(...values);
  const paid = new Set<number>();
  for (const line of lines) {
    if (!paymentLine.test(line.text)) continue;
    for (const m of line.text.matchAll(/\d+[.,]\d{2}(?!\d)/g)) paid.add(Number(m[0].replace(',', '.')));
  }
  const net = paidLessChange(lines);
  for (const c of candidates) {
    if (typeof c.read.value !== 'number') continue;
    // A tax breakdown ("GST Summary  Amount(RM)  Tax(RM)") prints net sums under its own
    // headers, set apart in columns, so the exclude on "summary" does not reach "Amount".
    if (taxBreakdown.test(c.line.text)) c.score *= 0.3;
    if (c.read.value === max) c.score *= 1.05;
    if (paid.has(c.read.value)) c.score *= 1.08;
    const value = c.read.value;
    if (net.some((v) => Math.abs(v - value) < 0.005)) c.score *= 1.1;
  }
}

const taxBreakdown = /\b(tax|gst|vat|sst) summary\b/i;

const changeLine = /\b(change|change due|kembali|rückgeld|wisselgeld|rendu|cambio)\b/i;

/**
 * What was paid, worked out: money handed over less the change given back ("CASH 100.00",
 * "CHANGE 32.15" → 67.85). It meets the total after any rounding, so a total equal to it is
 * the one paid; each pair of a payment line and the change line after it gives one value.
 */
function paidLessChange(lines: readonly DocLine[]): number[] {
  const out: number[] = [];
  for (const [k, line] of lines.entries()) {
    if (!changeLine.test(line.text)) continue;
    const change = findAmounts(line.text).find((a) => a.hasDecimals)?.value;
    if (change === undefined) continue;
    for (const above of lines.slice(Math.max(0, k - 3), k)) {
      if (!paymentLine.test(above.text) || changeLine.test(above.text)) continue;
      const handed = findAmounts(above.text)
        .filter((a) => a.hasDecimals)
        .at(-1)?.value;
      if (handed !== undefined && handed > change) out.push(Math.round((handed - change) * 100) / 100);
    }
  }
  return out;
}

function unlabelled(field: ScalarField, descriptor: FieldDescriptor, ctx: DocContext): Candidate[] {
  const out: Candidate[] = [];
  const add = (c: Candidate | null) => c && out.push(c);
  const id = descriptor.concept?.id;
  if (descriptor.kind === 'currency') add(currencyCandidate(ctx));
  if (id === 'vendorName' || (descriptor.kind === 'name' && descriptor.party === 'vendor')) {
    const { name } = ctx.header();
    if (name) add(guessCandidate(name, cleanName(name.text)));
  }
  if (descriptor.kind === 'address' && descriptor.party === 'vendor') {
    const { address } = ctx.header();
    if (address) add(guessCandidate(address, address.text));
  }
  if (descriptor.kind === 'address' && descriptor.party === 'customer')
    add(customerAddress(ctx.lines, ctx.dayFirst));
  if (id === 'date' || (descriptor.kind === 'date' && !descriptor.concept))
    add(firstDate(ctx.lines, ctx.dayFirst));
  if (id === 'total') add(largestAmount(ctx.lines));
  const skip = descriptor.party === 'vendor' ? ctx.customerLines : new Set<DocLine>();
  add(patternValue(descriptor.kind, ctx.lines, skip));
  if (field.enum && field.enum.length > 0) add(enumMention(field.enum, ctx.lines));
  return out;
}

function guessCandidate(guess: HeaderGuess, text: string): Candidate {
  const first = guess.lines[0]!;
  return {
    lines: guess.lines,
    read: { value: text, text, start: 0, end: text.length, quality: 1 },
    line: first,
    bbox: unionBox(guess.lines.map((l) => l.bbox)),
    score: guess.score,
    source: guess.lines.map((l) => l.text).join('\n'),
  };
}

/** The document's currency from the codes and signs printed with its amounts. */
function currencyCandidate(ctx: DocContext): Candidate | null {
  const found = documentCurrency(ctx.lines.map((l) => l.text));
  if (!found) return null;
  const line = ctx.lines.find((l) => documentCurrency([l.text])?.code === found.code) ?? ctx.lines[0]!;
  return {
    read: { value: found.code, text: found.code, start: 0, end: 0, quality: 1 },
    line,
    bbox: line.bbox,
    score: 0.45 + 0.4 * found.share,
    source: line.text,
  };
}
