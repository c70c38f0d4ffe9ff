/**
 * Line items of a table without a header row: a run of lines that each read "label … amount"
 * (a cloud bill's "Amazon Glacier  $2.22"). With no column names to say what is an item, the
 * run is taken only when its items add up to a total printed on the document, and a line under
 * items that repeats their sum ("Charges $2.22") is their subtotal, not one more item. When a
 * summary and its detail both add up, the finer one (more items) is the list. A run with an
 * amount whose label was not read (OCR lost the item's name) gives nothing: its items would be
 * the subtotal lines around it.
 */
import { findAmounts } from './amounts.ts';
import { type DocLine, unionBox } from './doc-lines.ts';
import { fold } from './fold.ts';
import type { DescribedItemField } from './item-columns.ts';
import type { DocContext, FieldResult } from './read-field.ts';
import { notFound } from './read-field.ts';
import { printedTotals, totalWords } from './totals.ts';

const taxStart = /^(tax|vat|gst|sales tax|mwst|ust|btw|tva|iva)\b/;
const near = (a: number, b: number) => Math.abs(a - b) <= 0.005;

interface RunLine {
  line: DocLine;
  /** An amount alone on its line: its label was not read (OCR lost it), so the run cannot be trusted. */
  unlabelled?: boolean;
  label: string;
  /** Words of the label: all but the amount's. */
  labelWords: number;
  amount: number;
}

/** "Amazon Glacier $2.22": text, then one decimal amount as the line's last word(s). */
function itemShape(line: DocLine): RunLine | null {
  const amounts = findAmounts(line.text).filter((a) => a.hasDecimals);
  if (amounts.length !== 1) return null;
  const amount = amounts[0]!;
  if (line.text.slice(amount.end).trim() !== '') return null;
  const label = line.text.slice(0, amount.start).trim();
  if (!/\p{L}{2}/u.test(label)) return null;
  const labelWords = label.split(/\s+/).length;
  return { line, label, labelWords, amount: amount.value };
}

/** Runs of item-shaped lines; short text lines (a "Detail" heading) may sit between them. */
function runs(lines: readonly DocLine[]): RunLine[][] {
  const out: RunLine[][] = [];
  let current: RunLine[] = [];
  const close = () => {
    if (current.length > 0) out.push(current);
    current = [];
  };
  for (const line of lines) {
    if (current.length > 0 && current.at(-1)!.line.page !== line.page) close();
    const folded = fold(line.text);
    const shaped = itemShape(line);
    if (shaped && totalWords.test(folded)) {
      close();
      continue;
    }
    if (shaped) current.push(shaped);
    else if (/^\W*\d[\d.,]*\W*$/u.test(line.text.replace(/\s+/g, '')) && findAmounts(line.text).length === 1)
      current.push({
        line,
        label: '',
        labelWords: 0,
        amount: findAmounts(line.text)[0]!.value,
        unlabelled: true,
      });
    else if (findAmounts(line.text).some((a) => a.hasDecimals) || line.words.length > 6) close();
  }
  close();
  return out;
}

/** The items of a run: tax lines and subtotals (a repeated label whose amount is the sum so far) left out. */
function itemsOf(run: RunLine[]): RunLine[] {
  const labelCount = new Map<string, number>();
  for (const r of run) labelCount.set(fold(r.label), (labelCount.get(fold(r.label)) ?? 0) + 1);
  const items: RunLine[] = [];
  let group = 0;
  let sinceSubtotal = 0;
  for (const r of run) {
    const label = fold(r.label);
    if (taxStart.test(label)) continue;
    if (sinceSubtotal > 0 && near(r.amount, group) && (labelCount.get(label) ?? 0) > 1) {
      group = 0;
      sinceSubtotal = 0;
      continue;
    }
    items.push(r);
    group += r.amount;
    sinceSubtotal++;
  }
  return items;
}

export function readHeaderlessItems(
  described: readonly DescribedItemField[],
  ctx: DocContext,
): Map<string, FieldResult>[] | null {
  const amountField = described.find((d) => d.descriptor.concept?.id === 'lineAmount');
  const descriptionField = described.find((d) => d.descriptor.concept?.id === 'description');
  if (!amountField || !descriptionField) return null;
  const totals = printedTotals(ctx.lines);
  let best: RunLine[] | null = null;
  for (const run of runs(ctx.lines)) {
    const items = itemsOf(run);
    if (items.length < 2 || run.some((r) => r.unlabelled)) continue;
    const sum = items.reduce((s, r) => s + r.amount, 0);
    if (!totals.some((t) => near(t, sum))) continue;
    if (!best || items.length > best.length) best = items;
  }
  if (!best) return null;
  return best.map((r) => {
    const row = new Map<string, FieldResult>(described.map((d) => [d.property.name, notFound]));
    const labelBox = unionBox(r.line.words.slice(0, r.labelWords).map((w) => w.bbox));
    const amountBox = unionBox(r.line.words.slice(r.labelWords).map((w) => w.bbox));
    // No header to name the columns: the sum agreeing with a printed total is the evidence.
    const confidence = Math.round(0.75 * (0.55 + 0.45 * r.line.confidence) * 1000) / 1000;
    const evidence = (bbox: typeof labelBox) => ({ page: r.line.page, bbox, text: r.line.text });
    row.set(descriptionField.property.name, { value: r.label, confidence, evidence: evidence(labelBox) });
    const amount = amountField.property.type === 'string' ? String(r.amount) : r.amount;
    row.set(amountField.property.name, { value: amount, confidence, evidence: evidence(amountBox) });
    return row;
  });
}
