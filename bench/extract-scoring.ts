/**
 * Right or wrong, per extracted value, as the extraction benches judge it: SROIE task 3's exact
 * match (bench/extract-receipts.ts), invoice2data's fields and line items
 * (bench/extract-invoices.ts). One place, so that bench/calibration.ts counts a value right
 * exactly when the bench that reports the accuracy does.
 */
import { fold } from '../src/pipeline/extract/fold.ts';

// ---- SROIE task 3 ----

export const receiptFields = ['company', 'date', 'address', 'total'] as const;
export type ReceiptField = (typeof receiptFields)[number];

/** Whitespace runs collapsed, ends trimmed (task 3's protocol; case counts). */
export const normReceipt = (s: string | null | undefined): string | null =>
  s === null || s === undefined ? null : String(s).replace(/\s+/g, ' ').trim();

/**
 * SROIE's annotators upper-cased every value ("03 MAR 2018" where the receipt prints "03 Mar
 * 2018"): when no truth value holds a lower-case letter, case carries no information and is not
 * scored. Checked on the data, so a set annotated as printed would be scored with case.
 */
export function sroieIgnoresCase(
  receipts: readonly { truth: Record<ReceiptField, string | null> }[],
): boolean {
  return receipts.every((r) => receiptFields.every((f) => !/\p{Ll}/u.test(r.truth[f] ?? '')));
}

export function receiptValueRight(got: unknown, want: string | null, ignoreCase = false): boolean {
  const a = normReceipt(got as string | null);
  const b = normReceipt(want);
  if (a === null || a === '' || b === null) return false;
  return ignoreCase ? a.toUpperCase() === b.toUpperCase() : a === b;
}

// ---- invoice2data ----

export const invoiceFields = ['issuer', 'amount', 'date', 'invoice_number', 'currency'] as const;
export type InvoiceField = (typeof invoiceFields)[number];

const legalForms =
  /\b(inc|llc|ltd|limited|gmbh|ag|bv|b v|nv|sa|sas|sarl|srl|spa|plc|pvt|pty|corp|co|company|spolka akcyjna)\b/g;
const bareName = (s: string) => fold(s).replace(legalForms, ' ').replace(/\s+/g, ' ').trim();
const bareNumber = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * The corpus README's comparison: issuer fuzzily (legal forms and punctuation dropped, then
 * equal, one containing the other, or half the words shared), amount within 0.01, invoice
 * number with case and everything but letters and digits dropped, the rest as printed.
 */
export function invoiceValueRight(field: InvoiceField, got: unknown, want: unknown): boolean {
  if (got === null || got === undefined) return false;
  switch (field) {
    case 'issuer': {
      const a = bareName(String(got));
      const b = bareName(String(want));
      if (!a || !b) return false;
      if (a === b || ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `)) return true;
      const wa = new Set(a.split(' '));
      const wb = b.split(' ');
      return wb.filter((w) => wa.has(w)).length >= 0.5 * Math.max(wa.size, wb.length);
    }
    case 'amount':
      return Math.abs(Number(got) - Number(want)) <= 0.01;
    case 'invoice_number':
      return bareNumber(String(got)) === bareNumber(String(want));
    default:
      return String(got) === String(want);
  }
}

type TruthItem = Record<string, unknown>;

/**
 * The items of a truth's `lines` (or `line_items`) that are items: a section header
 * ("--- Food ---") or a note line under an item is not one.
 */
export function truthItems(truth: Record<string, unknown>): TruthItem[] | null {
  const lines = (truth.lines ?? truth.line_items) as TruthItem[] | undefined;
  if (!Array.isArray(lines)) return null;
  const itemKeys = ['name', 'desc', 'item', 'qty', 'price_unit', 'price_subtotal', 'price'];
  return lines.filter((l) => itemKeys.some((k) => k in l));
}

const normText = (s: unknown) =>
  fold(String(s ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
const near = (a: unknown, b: unknown) =>
  a !== null && a !== undefined && Math.abs(Number(a) - Number(b)) <= 0.01;

export interface ItemVerdict {
  description: boolean;
  quantity: boolean;
  amount: boolean;
}

/**
 * One item against the truth's, on the fields the truth gives. Description: the truth's whole
 * text (its `name`, else `desc`; lines joined) is in ours, case and spacing aside: the templates
 * split codes, barcodes and note lines into fields of their own, which we keep in the
 * description. Quantity equal. Amount: the line total (`price_subtotal`, else `price`), or the
 * unit price when the truth gives neither a total nor a quantity (one unit).
 */
export function itemVerdict(got: Record<string, unknown> | undefined, want: TruthItem): ItemVerdict {
  const wantText = want.name ?? want.desc;
  const description = wantText === undefined || normText(got?.description).includes(normText(wantText));
  const quantity = !('qty' in want) || near(got?.quantity, want.qty);
  const wantAmount = want.price_subtotal ?? want.price ?? ('qty' in want ? undefined : want.price_unit);
  const amount = wantAmount === undefined || near(got?.amount, wantAmount);
  return { description, quantity, amount };
}

/**
 * Which truth item each of ours is compared with: the truth item it matches exactly (same
 * position first, then any other), else the first truth item left, in order. The templates do
 * not always list items in the document's order (a levy printed under its item listed last).
 */
export function pairItems(
  got: readonly Record<string, unknown>[],
  want: readonly TruthItem[],
): (TruthItem | undefined)[] {
  const exact = (v: ItemVerdict) => v.description && v.quantity && v.amount;
  const pairs: (TruthItem | undefined)[] = got.map(() => undefined);
  const left = new Set(want.keys());
  want.forEach((w, i) => {
    const k = [i, ...got.keys()].find(
      (k) => k < got.length && pairs[k] === undefined && exact(itemVerdict(got[k], w)),
    );
    if (k === undefined) return;
    pairs[k] = w;
    left.delete(i);
  });
  const rest = [...left];
  return pairs.map((p) => p ?? (rest.length > 0 ? want[rest.shift()!] : undefined));
}

/** Line items exactly right: as many as the truth's, each matched by one of ours on description, quantity and amount. */
export function lineItemsRight(got: unknown, truth: Record<string, unknown>): boolean | null {
  const want = truthItems(truth);
  if (!want) return null;
  const list = Array.isArray(got) ? (got as Record<string, unknown>[]) : [];
  if (list.length !== want.length) return false;
  return pairItems(list, want).every((w, k) => {
    const v = w ? itemVerdict(list[k], w) : null;
    return Boolean(v?.description && v.quantity && v.amount);
  });
}
