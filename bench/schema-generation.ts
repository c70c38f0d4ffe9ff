/**
 * Schema generation (issue 19): on invoice2data's regression invoices, does the schema the
 * `schema` job proposes cover the fields the ground truth lists, and does extracting with it get
 * the answers the hand-written bench schema gets?
 *
 *   node bench/schema-generation.ts [--fresh] [--show]
 *
 * Corpus: ../shared/corpus/invoice2data_invoices, the 11 born-digital PDFs (parsed as the worker
 * does, cached under /tmp like bench/extract-invoices.ts); expected/<name>.json is the truth.
 * Each invoice gets its own proposed schema (proposeSchema on its parsed pages, no AcroForm).
 *
 * (a) Recall: every ground-truth field but `desc` (template boilerplate, the corpus README) counts
 *     once per invoice; it is covered when a proposed property (top level) has its name once
 *     names are normalised (lower case, letters and digits only: `amount_untaxed` = `amountUntaxed`)
 *     or one of the synonyms listed below. The synonyms translate invoice2data's template names
 *     into the plain names a schema would use; they are written from the field names' meaning,
 *     not from our output. The address parts (street, street2, street3, city, zip, state_code,
 *     country_code) are covered by one `address` field: the schema holds the printed address whole.
 *     Peer: "label pairs only", the schema a script would write from the page alone — one string
 *     property per "Label: value" pair (camelCase of the label), no known concepts, no tables.
 * (b) Extraction: the built-in engine fills each invoice's proposed schema; the proposed field
 *     matched to each hand-schema field (issuer, amount, date, invoice_number, currency, by the
 *     same names) is scored as bench/extract-invoices.ts scores it (extract-scoring.ts), and line
 *     items (`lineItems`, unitPrice as unit_price) are exactly right as that bench counts them.
 *     Ratio = accuracy with the proposed schema / accuracy with the hand-written invoiceSchema.
 * Targets (issue 19): recall >= 0.8; ratio >= 0.8.
 */
import { parseArgs } from 'node:util';
import { extractBuiltIn } from '../src/pipeline/extract/built-in-engine.ts';
import { labelPairs } from '../src/pipeline/schema/label-pairs.ts';
import { camelName } from '../src/pipeline/schema/names.ts';
import { proposeSchema } from '../src/pipeline/schema/propose-schema.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { invoiceSchema, readCorpus } from './extract-corpus.ts';
import {
  type InvoiceField,
  invoiceFields,
  invoiceValueRight,
  lineItemsRight,
  truthItems,
} from './extract-scoring.ts';
import { invoiceInputs } from './extract-sets.ts';
import { fixed, machine, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: { fresh: { type: 'boolean', default: false }, show: { type: 'boolean', default: false } },
});

/** invoice2data's field → names a schema would give it (besides its own name, normalised). */
const address = ['address', 'vendorAddress'];
const orderNumber = ['orderNumber', 'orderId', 'purchaseOrder', 'poNumber'];
const synonyms: Record<string, string[]> = {
  issuer: ['vendorName', 'seller', 'supplier', 'companyName'],
  // invoice2data's "partner" is the company the invoice is from (the corpus README).
  partner_name: ['vendorName', 'seller', 'supplier', 'companyName'],
  amount: ['total', 'totalAmount', 'grandTotal', 'amountDue'],
  amount_untaxed: ['subtotal', 'netAmount', 'totalExclTax'],
  amount_tax: ['tax', 'taxAmount', 'vatAmount'],
  date: ['invoiceDate', 'issueDate'],
  date_due: ['dueDate', 'paymentDue'],
  date_start: ['periodStart', 'startDate'],
  date_end: ['periodEnd', 'endDate'],
  date_check_in: ['checkIn', 'checkInDate'],
  date_check_out: ['checkOut', 'checkOutDate'],
  invoice_number: ['invoiceNo', 'invoiceId'],
  currency_symbol: ['currency'],
  lines: ['lineItems', 'items'],
  line_items: ['lineItems', 'items'],
  sums: ['lineItems', 'items'],
  vat: ['vatId', 'vatNumber', 'taxId'],
  static_vat: ['vatId', 'vatNumber', 'taxId'],
  gstin: ['vatId', 'taxId'],
  siren: ['companyRegistration', 'siret'],
  partner_coc: ['companyRegistration', 'coc', 'kvk'],
  cin: ['companyRegistration'],
  partner_website: ['website'],
  partner_email: ['email'],
  partner_street: address,
  partner_street2: address,
  partner_street3: address,
  partner_city: address,
  partner_zip: address,
  state_code: address,
  country_code: address,
  telephone: ['phone'],
  mobile: ['phone', 'mobilePhone'],
  order_id: orderNumber,
  customer_order_number: orderNumber,
  purchase_order_id: orderNumber,
  customer_order_free_ref: ['customerReference', ...orderNumber],
  client_id: ['customerNumber', 'clientId', 'customerId'],
  partner_ref: ['customerNumber', 'customerReference'],
  payment_method: ['paymentMethod'],
  iban: ['bankAccount', 'accountNumber'],
  payment_reference: ['paymentReference'],
  narration: ['notes', 'note'],
  note: ['notes'],
  booking_id: ['bookingId'],
  hotel_details: ['hotel', 'hotelName'],
  amount_rooms: ['rooms'],
};

const norm = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The proposed property that stands for a truth field, if any. */
function matchOf(truthField: string, proposed: readonly string[]): string | null {
  const wanted = new Set([truthField, ...(synonyms[truthField] ?? [])].map(norm));
  return proposed.find((name) => wanted.has(norm(name))) ?? null;
}

/** The peer: one string property per "Label: value" pair, nothing else. */
function labelPairsOnly(document: ParsedDocument): string[] {
  return [...new Set(labelPairs(document).flatMap((pair) => camelName(pair.label, 5, false) ?? []))];
}

const inputs = invoiceInputs(false);
console.log(`Schema generation bench: ${inputs.length} invoices of invoice2data (PDF text layer)`);
console.log(machine());
const read = await readCorpus(
  inputs.map((input) => input.path),
  args.fresh,
);

const started = performance.now();
const proposals = read.map((entry) => proposeSchema(entry.document, null));
const proposeMs = (performance.now() - started) / read.length;

// (a) Recall of the truth's fields.
type Counts = { covered: number; of: number; perInvoice: number[] };
const recall = (namesOf: (i: number) => string[]): Counts => {
  const counts: Counts = { covered: 0, of: 0, perInvoice: [] };
  for (const [i, input] of inputs.entries()) {
    const names = namesOf(i);
    const fields = Object.keys(input.truth).filter((field) => field !== 'desc');
    const covered = fields.filter((field) => matchOf(field, names) !== null).length;
    counts.covered += covered;
    counts.of += fields.length;
    counts.perInvoice.push(covered / fields.length);
  }
  return counts;
};
const ours = recall((i) => Object.keys(proposals[i]!.schema.properties as object));
const peer = recall((i) => labelPairsOnly(read[i]!.document));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
console.log('\n(a) Ground-truth fields covered by the proposed schema (desc left out)');
printTable(
  ['schema', 'fields covered', 'recall (all fields)', 'recall (mean per invoice)', 'properties / invoice'],
  [
    [
      'docjobs proposeSchema',
      `${ours.covered}/${ours.of}`,
      fixed(ours.covered / ours.of, 3),
      fixed(mean(ours.perInvoice), 3),
      fixed(mean(proposals.map((p) => Object.keys(p.schema.properties as object).length)), 1),
    ],
    [
      'label pairs only (peer)',
      `${peer.covered}/${peer.of}`,
      fixed(peer.covered / peer.of, 3),
      fixed(mean(peer.perInvoice), 3),
      fixed(mean(read.map((entry) => labelPairsOnly(entry.document).length)), 1),
    ],
  ],
);
console.log(
  `ratio docjobs / peer (all fields): ${fixed(ours.covered / ours.of / Math.max(1e-9, peer.covered / peer.of), 2)}`,
);

// (b) Extraction with the proposed schema vs the hand-written one.
type Answers = { fields: Partial<Record<InvoiceField, unknown>>; items: unknown };
const withHand: Answers[] = read.map((entry) => {
  const { data } = extractBuiltIn(entry.document, { schema: invoiceSchema, prompt: null });
  return { fields: data as Answers['fields'], items: data.lines };
});
const withProposed: Answers[] = read.map((entry, i) => {
  const schema = proposals[i]!.schema;
  const names = Object.keys(schema.properties as object);
  const { data } = extractBuiltIn(entry.document, { schema, prompt: null });
  const fields: Answers['fields'] = {};
  for (const field of invoiceFields) {
    const name = matchOf(field, names);
    if (name) fields[field] = data[name];
  }
  const itemsName = matchOf('lines', names);
  const items = itemsName ? data[itemsName] : null;
  // The hand schema's item names: unit_price where the proposed one says unitPrice.
  const renamed = Array.isArray(items)
    ? items.map((item: Record<string, unknown>) => {
        const { unitPrice, ...rest } = item ?? {};
        return unitPrice === undefined ? rest : { ...rest, unit_price: unitPrice };
      })
    : items;
  return { fields, items: renamed };
});

function score(answers: Answers[]) {
  let right = 0;
  let of = 0;
  const perField = Object.fromEntries(invoiceFields.map((f) => [f, 0])) as Record<InvoiceField, number>;
  const perFieldOf = { ...perField };
  let itemsRight = 0;
  let itemsOf = 0;
  for (const [i, answer] of answers.entries()) {
    const truth = inputs[i]!.truth;
    for (const field of invoiceFields) {
      if (!(field in truth)) continue;
      of++;
      perFieldOf[field]++;
      if (invoiceValueRight(field, answer.fields[field], truth[field])) {
        right++;
        perField[field]++;
      }
    }
    if (truthItems(truth)) {
      itemsOf++;
      if (lineItemsRight(answer.items, truth)) itemsRight++;
    }
  }
  return { overall: right / of, perField, perFieldOf, itemsRight, itemsOf };
}
const hand = score(withHand);
const proposed = score(withProposed);
console.log('\n(b) Extraction (built-in engine): accuracy per field, right / invoices whose truth has it');
printTable(
  ['schema', 'overall', ...invoiceFields, 'line items exactly right'],
  [
    ['proposed by docjobs', proposed],
    ['hand-written bench schema (peer)', hand],
  ].map(([name, s]) => {
    const scored = s as typeof hand;
    return [
      name as string,
      fixed(scored.overall, 3),
      ...invoiceFields.map((f) => `${scored.perField[f]}/${scored.perFieldOf[f]}`),
      `${scored.itemsRight}/${scored.itemsOf}`,
    ];
  }),
);
const ratio = proposed.overall / hand.overall;
console.log(`ratio proposed / hand-written (overall field accuracy): ${fixed(ratio, 3)}`);
console.log(`proposing a schema: ${fixed(proposeMs, 1)} ms per invoice (parsed pages given)`);
const recallAll = ours.covered / ours.of;
console.log(
  `\ntargets: recall >= 0.8: ${recallAll >= 0.8 ? 'met' : 'NOT met'} (${fixed(recallAll, 3)}); extraction ratio >= 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'} (${fixed(ratio, 3)})`,
);

if (args.show) {
  for (const [i, input] of inputs.entries()) {
    const names = Object.keys(proposals[i]!.schema.properties as object);
    const missed = Object.keys(input.truth).filter((f) => f !== 'desc' && matchOf(f, names) === null);
    console.log(`${input.name}: ${names.join(', ')}\n  not covered: ${missed.join(', ') || '-'}`);
    for (const field of invoiceFields) {
      if (
        field in input.truth &&
        !invoiceValueRight(field, withProposed[i]!.fields[field], input.truth[field])
      )
        console.log(
          `  ${field}: got ${JSON.stringify(withProposed[i]!.fields[field])} want ${JSON.stringify(input.truth[field])}`,
        );
    }
  }
}
