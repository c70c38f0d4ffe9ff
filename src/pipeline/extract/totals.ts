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
  const values = findLabelHits(lines, descriptor)
    .flatMap((hit) => candidatesFromHit(hit, descriptor, lines, dayFirst))
    .map((c) => c.read.value)
    .filter((v): v is number => typeof v === 'number' && v > 0);
  return [...new Set(values)];
}

export interface TotalsCheck {
  /** Subtotal + tax sums printed on the document (every pair of a labelled subtotal and tax). */
  sums: number[];
}

export function totalsCheck(lines: readonly DocLine[], dayFirst: boolean): TotalsCheck {
  const subtotals = labelledAmounts('subtotal', lines, dayFirst);
  const taxes = labelledAmounts('tax', lines, dayFirst);
  const sums = subtotals.flatMap((s) => taxes.map((t) => Math.round((s + t) * 100) / 100));
  return { sums };
}

/** The factor a total candidate's confidence takes: 1.15 when it is a subtotal + tax sum, 0.8 when another candidate is and it is not. */
export function totalFactor(value: number, others: readonly number[], check: TotalsCheck): number {
  if (check.sums.length === 0) return 1;
  if (check.sums.some((s) => near(s, value))) return 1.15;
  return others.some((o) => check.sums.some((s) => near(s, o))) ? 0.8 : 1;
}
