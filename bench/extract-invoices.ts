/**
 * Invoice field extraction: the built-in engine on invoice2data's regression invoices, one generic
 * schema written without knowing the issuers (extract-corpus.ts).
 *
 *   node bench/extract-invoices.ts [--png] [--fresh] [--show-misses]
 *
 * Corpus: ../shared/corpus/invoice2data_invoices: the 11 PDFs (text layer), and with --png the 4
 * PNG renderings (OCR) of four of them; expected/<name>.json is the truth (invoice2data's
 * templates' output). Each document: detectFileType + readDocument as the worker runs it (parsed
 * documents cached under /tmp, see extract-corpus.ts), then extractBuiltIn.
 * Scoring (the corpus README): issuer compared fuzzily with the vendor name (folded, legal forms
 * and punctuation dropped, then equal, one containing the other, or half the words shared);
 * amount within 0.01; date as ISO; invoice_number with case and everything but letters and
 * digits dropped; currency as the ISO code. A field counts only where the truth has it; accuracy
 * = right / fields in the truth, per field and overall (bench/extract-scoring.ts). Line items,
 * where the truth lists them (section headers and note lines are not items): the item count, and
 * exactly right = the count and every item's description, quantity and amount
 * (extract-scoring.ts itemVerdict says how each is compared).
 * Peer for reference: the same fields by "first match" rules over the document text (issuer =
 * first line, date = first date-shaped token, amount = first amount after "total", invoice
 * number = first token after "invoice", currency = first ISO code or sign).
 */
import { parseArgs } from 'node:util';
import { findAmounts } from '../src/pipeline/extract/amounts.ts';
import { findDates } from '../src/pipeline/extract/dates.ts';
import { readValue } from '../src/pipeline/extract/read-value.ts';
import { invoiceSchema, readCorpus, throughputRows, timeExtraction } from './extract-corpus.ts';
import {
  type InvoiceField,
  invoiceFields,
  invoiceValueRight,
  itemVerdict,
  lineItemsRight,
  truthItems,
} from './extract-scoring.ts';
import { invoiceInputs } from './extract-sets.ts';
import { fixed, machine, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    png: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    'show-misses': { type: 'boolean', default: false },
  },
});

const fields = invoiceFields;
type Field = InvoiceField;
type Answer = Partial<Record<Field, unknown>>;

const inputs = invoiceInputs(args.png);

const right = invoiceValueRight;

/** The reference rules: what a quick regex script over the text would answer. */
function firstMatch(text: string): Answer {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /\p{L}/u.test(l));
  const totalAt = text.search(/total/i);
  const amount = totalAt >= 0 ? findAmounts(text.slice(totalAt)).find((a) => a.hasDecimals) : undefined;
  const invoiceAt = text.search(/invoice|rechnung|factuur|facture|factura/i);
  const number = invoiceAt >= 0 ? text.slice(invoiceAt).match(/\s*\S+\s*[:#]?\s*(\S*\d\S*)/)?.[1] : undefined;
  return {
    issuer: lines[0] ?? null,
    date: findDates(text)[0]?.iso ?? null,
    amount: amount?.value ?? null,
    invoice_number: number ?? null,
    currency: readValue('currency', text.match(/\b[A-Z]{3}\b|[$€£₹]|Rs\.?/u)?.[0] ?? '', true)?.value ?? null,
  };
}

function score(answers: Answer[]) {
  const perField = Object.fromEntries(fields.map((f) => [f, { right: 0, of: 0 }])) as Record<
    Field,
    { right: number; of: number }
  >;
  for (const [i, answer] of answers.entries()) {
    const truth = inputs[i]!.truth;
    for (const f of fields) {
      if (!(f in truth)) continue;
      perField[f].of++;
      if (right(f, answer[f], truth[f])) perField[f].right++;
    }
  }
  const all = fields.reduce(
    (acc, f) => ({ right: acc.right + perField[f].right, of: acc.of + perField[f].of }),
    { right: 0, of: 0 },
  );
  return { perField, overall: all.right / all.of };
}

console.log(
  `Invoice extraction bench: ${inputs.length} invoices of invoice2data (${args.png ? 'PDF text layer + PNG OCR' : 'PDF text layer'})`,
);
console.log(machine());
const read = await readCorpus(
  inputs.map((d) => d.path),
  args.fresh,
);
const documents = read.map((r) => r.document);
const { outputs, extractMs } = timeExtraction(documents, () => ({ schema: invoiceSchema, prompt: null }));
const ours = outputs.map((o) => o.data as Answer);
const rows: [string, Answer[]][] = [
  ['docjobs built-in engine', ours],
  ['first-match rules on the same text', documents.map((d) => firstMatch(d.text))],
];

console.log('\nAccuracy per field (right / invoices whose truth has the field)');
printTable(
  ['extractor', 'overall', ...fields],
  rows.map(([name, answers]) => {
    const s = score(answers);
    return [name, fixed(s.overall, 3), ...fields.map((f) => `${s.perField[f].right}/${s.perField[f].of}`)];
  }),
);

const withItems = inputs
  .map((d, i) => {
    const got = outputs[i]!.data.lines;
    const want = truthItems(d.truth);
    return {
      name: d.name,
      want,
      got: Array.isArray(got) ? got.length : 0,
      exact: lineItemsRight(got, d.truth),
    };
  })
  .filter((x) => x.want !== null);
console.log(
  `\nLine items: item count right on ${withItems.filter((x) => x.got === x.want!.length).length}/${withItems.length} invoices that list them; exactly right (count, and each item's description, quantity, amount) on ${withItems.filter((x) => x.exact).length}/${withItems.length}`,
);
printTable(
  ['invoice', 'items (ours/truth)', 'exactly right'],
  withItems.map((x) => [x.name, `${x.got}/${x.want!.length}`, x.exact ? 'yes' : 'no']),
);

console.log('\nThroughput (one document at a time)');
printTable(['docjobs', 'documents/s', 'ms/document'], throughputRows(read, extractMs));
const overall = score(ours).overall;
const exactItems = withItems.filter((x) => x.exact).length;
console.log(
  `\ntargets: overall >= 0.90: ${overall >= 0.9 ? 'met' : 'NOT met'} (${fixed(overall, 3)}); line items exactly right on >= 7 of the invoices that list them: ${exactItems >= 7 ? 'met' : 'NOT met'} (${exactItems}/${withItems.length})`,
);

if (args['show-misses']) {
  for (const [i, o] of outputs.entries()) {
    for (const f of fields) {
      const truth = inputs[i]!.truth;
      if (f in truth && !right(f, o.data[f], truth[f])) {
        console.log(
          `${inputs[i]!.name} ${f}: got ${JSON.stringify(o.data[f])} (${o.confidence[f]}) want ${JSON.stringify(truth[f])}`,
        );
      }
    }
    const want = truthItems(inputs[i]!.truth);
    if (want && !lineItemsRight(o.data.lines, inputs[i]!.truth)) {
      const got = (o.data.lines as Record<string, unknown>[] | null) ?? [];
      console.log(`${inputs[i]!.name} lines: ${got.length} items, truth ${want.length}`);
      for (let k = 0; k < Math.max(got.length, want.length); k++) {
        const w = want[k];
        const v = w ? itemVerdict(got[k], w) : null;
        console.log(
          `  got ${JSON.stringify(got[k] ?? null)} want ${JSON.stringify(want[k] ?? null)} ${JSON.stringify(v)}`,
        );
      }
    }
  }
}
