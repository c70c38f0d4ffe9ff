/**
 * A total cross-checked against the document's other sums: the subtotal plus the tax printed
 * with it, or the items' amounts added up. Agreement is strong evidence (two readings meet);
 * a total that disagrees while another candidate agrees is likely the wrong line (a subtotal,
 * money handed over).
 */
import { findAmounts } from './amounts.ts';
import { documentConcepts } from './concepts.ts';
import type { DocLine } from './doc-lines.ts';
import type { FieldDescriptor } from './field-descriptor.ts';
import { fold } from './fold.ts';
import { findLabelHits } from './labels.ts';
import { candidatesFromHit } from './locate.ts';

export const totalWords =
  /\b(total|totaal|totale|gesamt|summe|amount due|balance due|montant|te betalen|a pagar|importe total)\b/;

/** Every decimal amount on a line that names a total (or subtotal): what items may add up to. */
export function printedTotals(lines: readonly DocLine[]): number[] {
  const out: number[] = [];
  for (const line of lines) {
    if (!totalWords.test(fold(line.text))) continue;
    for (const a of findAmounts(line.text)) if (a.hasDecimals) out.push(a.value);
  }
  return out;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 0.011;

/** Every decimal amount on the lines where a concept's label is printed (and the line under a label alone). */
function labelledAmounts(conceptId: string, lines: readonly DocLine[], dayFirst: boolean): number[] {
  const concept = documentConcepts.find((c) => c.id === conceptId);
  if (!concept) return [];
  const descriptor: FieldDescriptor = {
    concept,
    kind: concept.kind,
    party: 'vendor',
    labels: concept.labels.map((p) => p.split(' ')),
    weakLabels: concept.weakLabels.map((p) => p.split(' ')),
    excludes: concept.excludes.map((p) => p.split(' ')),
    boosters: concept.boosters,
    prefer: concept.prefer,
    words: [],
  };
  const values = new Set<number>();
  for (const hit of findLabelHits(lines, descriptor)) {
    for (const a of findAmounts(hit.line.text)) if (a.hasDecimals && a.value > 0) values.add(a.value);
    for (const c of candidatesFromHit(hit, descriptor, lines, dayFirst))
      if (typeof c.read.value === 'number' && c.read.value > 0) values.add(c.read.value);
  }
  return [...values];
}

export type SumSlot = 'subtotal' | 'tax' | 'total';

export interface TotalsCheck {
  /** subtotal + tax = total, each read next to its own label; every such triple on the document. */
  triples: Record<SumSlot, number>[];
}

export function totalsCheck(lines: readonly DocLine[], dayFirst: boolean): TotalsCheck {
  const subtotals = labelledAmounts('subtotal', lines, dayFirst);
  const taxes = labelledAmounts('tax', lines, dayFirst);
  const totals = labelledAmounts('total', lines, dayFirst);
  const triples: Record<SumSlot, number>[] = [];
  for (const subtotal of subtotals)
    for (const tax of taxes) {
      // Tax is smaller than what it is levied on; a total of the two is larger than both.
      if (tax >= subtotal) continue;
      for (const total of totals) if (near(subtotal + tax, total)) triples.push({ subtotal, tax, total });
    }
  return { triples };
}

/** The values a sum field may take when subtotal + tax = total holds somewhere on the document. */
export function slotValues(slot: SumSlot, check: TotalsCheck): number[] {
  return check.triples.map((t) => t[slot]);
}

/**
 * The factor a subtotal, tax or total value's confidence takes: 1.15 when it is its part of a
 * subtotal + tax = total that holds, 0.6 when such a sum holds without it (it is the wrong
 * line, or the wrong number on its line), 1 when the document gives nothing to check.
 */
export function sumFactor(slot: SumSlot, value: number, check: TotalsCheck): number {
  const slots = slotValues(slot, check);
  if (slots.length === 0) return 1;
  return slots.some((v) => near(v, value)) ? 1.15 : 0.6;
}
