/**
 * Line items checked against themselves: quantity × unit price = amount on each row, a row has
 * a description when its table has a description column, and the amounts add up to a total
 * printed on the document. A check that holds raises the values' confidence, one that fails
 * lowers it: two readings that meet are rarely both wrong, and an item without a description
 * is usually a row read out of place (a table whose rows the layout split or merged: on an
 * invoice whose names and prices were read as two columns, every price row was nameless).
 */
import { maxConfidence } from './confidence.ts';
import type { DescribedItemField } from './item-columns.ts';
import type { FieldResult } from './read-field.ts';

type Row = Map<string, FieldResult>;

const nameOf = (described: readonly DescribedItemField[], concept: string) =>
  described.find((d) => d.descriptor.concept?.id === concept)?.property.name ?? null;

const numberOf = (row: Row, name: string | null): number | null => {
  const v = name ? row.get(name)?.value : null;
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))
      ? Number(v)
      : null;
};

function scale(row: Row, name: string | null, factor: number): void {
  const result = name ? row.get(name) : undefined;
  if (!name || !result || result.value === null) return;
  const confidence = Math.round(Math.min(maxConfidence, result.confidence * factor) * 1000) / 1000;
  row.set(name, { ...result, confidence });
}

/** Confidence of each row's values adjusted by the checks; `totals` are the amounts printed as totals. */
export function checkItems(
  rows: Row[],
  described: readonly DescribedItemField[],
  totals: readonly number[],
): Row[] {
  const quantity = nameOf(described, 'quantity');
  const unitPrice = nameOf(described, 'unitPrice');
  const amount = nameOf(described, 'lineAmount');
  const description = nameOf(described, 'description');
  const names = described.map((d) => d.property.name);
  for (const row of rows) {
    const q = numberOf(row, quantity);
    const p = numberOf(row, unitPrice);
    const a = numberOf(row, amount);
    if (q !== null && p !== null && a !== null) {
      if (Math.abs(q * p - a) <= 0.011 + 0.005 * Math.abs(a)) {
        for (const n of [quantity, unitPrice, amount]) scale(row, n, 1.1);
      } else if (Math.abs(p - a) <= 0.011 && q !== 1) {
        // Price and amount agree on one unit: the number under the quantity is something else.
        scale(row, quantity, 0.4);
      } else {
        // A discount or a misread: one of the three is off, which one is not known.
        for (const n of [quantity, unitPrice, amount]) scale(row, n, 0.75);
      }
    }
    if (description && row.get(description)?.value == null) {
      for (const n of names) scale(row, n, 0.6);
    }
  }
  if (amount && rows.length > 1) {
    const sum = rows.reduce((s, r) => s + (numberOf(r, amount) ?? 0), 0);
    if (totals.some((t) => Math.abs(t - sum) <= 0.011)) for (const row of rows) scale(row, amount, 1.1);
  }
  return rows;
}
