/**
 * Is the built-in engine's confidence worth reading? Every value it reports on the extraction
 * benches, bucketed by its confidence, with the share that is right: a calibrated engine is
 * right ≥ 90 % of the time at ≥ 0.8 and more often wrong than right below 0.5.
 *
 *   node bench/calibration.ts [--fresh]
 *
 * Sets: the 50 SROIE receipts through docjobs' OCR and as their reference transcripts
 * (bench/extract-receipts.ts), the invoice2data PDFs and PNGs with their line items
 * (bench/extract-invoices.ts). Right and wrong are those benches' own judgements
 * (bench/extract-scoring.ts); a value counts where the truth has the field (an invoice field the
 * template did not extract cannot be judged). Null values are not reported values: they are
 * counted apart, as "withheld".
 */
import { parseArgs } from 'node:util';
import { extractBuiltIn } from '../src/pipeline/extract/built-in-engine.ts';
import type { ExtractionOutput } from '../src/pipeline/extract/types.ts';
import { invoiceSchema, readCorpus, receiptSchema } from './extract-corpus.ts';
import {
  invoiceFields,
  invoiceValueRight,
  itemVerdict,
  pairItems,
  receiptFields,
  receiptValueRight,
  sroieIgnoresCase,
  truthItems,
} from './extract-scoring.ts';
import { invoiceInputs, sroieReceipts, sroieReferenceDocument } from './extract-sets.ts';
import { fixed, machine, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: { fresh: { type: 'boolean', default: false }, 'show-wrong': { type: 'string' } },
});
/** `--show-wrong 0.8`: print the wrong values reported at that confidence or more. */
const showWrong = args['show-wrong'] === undefined ? null : Number(args['show-wrong']);

interface Judged {
  set: string;
  what: string;
  confidence: number;
  right: boolean;
}

const judged: Judged[] = [];
const withheld = new Map<string, number>();
const judge = (set: string, output: ExtractionOutput, path: string, right: (value: unknown) => boolean) => {
  const value = path
    .split(/\.|\[|\]\.?/)
    .reduce<unknown>(
      (v, key) => (key === '' || v === null || v === undefined ? v : (v as Record<string, unknown>)[key]),
      output.data,
    );
  if (value === null || value === undefined) {
    withheld.set(set, (withheld.get(set) ?? 0) + 1);
    return;
  }
  judged.push({
    set,
    what: `${path} = ${JSON.stringify(value)}`,
    confidence: output.confidence[path] ?? 0,
    right: right(value),
  });
};

console.log('Confidence calibration of the built-in engine over the extraction benches');
console.log(machine());

const receipts = sroieReceipts();
// SROIE's truth is upper-cased throughout: case is not judged there (extract-scoring.ts sroieIgnoresCase).
const receiptCaseIgnored = sroieIgnoresCase(receipts);
const receiptDocs = (
  await readCorpus(
    receipts.map((r) => r.path),
    args.fresh,
  )
).map((r) => r.document);
const receiptSets = [
  ['SROIE, docjobs OCR', receiptDocs],
  ['SROIE, reference text', receipts.map((r, i) => sroieReferenceDocument(r.id, receiptDocs[i]!))],
] as const;
for (const [set, docs] of receiptSets) {
  docs.forEach((doc, i) => {
    const output = extractBuiltIn(doc, { schema: receiptSchema, prompt: null });
    for (const f of receiptFields)
      judge(set, output, f, (v) => receiptValueRight(v, receipts[i]!.truth[f], receiptCaseIgnored));
  });
}

const invoices = invoiceInputs(true);
const invoiceDocs = (
  await readCorpus(
    invoices.map((d) => d.path),
    args.fresh,
  )
).map((r) => r.document);
invoiceDocs.forEach((doc, i) => {
  const set = invoices[i]!.name.endsWith('.png') ? 'invoice2data PNG' : 'invoice2data PDF';
  const truth = invoices[i]!.truth;
  const output = extractBuiltIn(doc, { schema: invoiceSchema, prompt: null });
  for (const f of invoiceFields) {
    if (f in truth) judge(set, output, f, (v) => invoiceValueRight(f, v, truth[f]));
  }
  const want = truthItems(truth);
  const got = output.data.lines;
  if (!want || !Array.isArray(got)) return;
  // Each of ours against the truth item it pairs with; one beyond the truth's list is wrong whatever it holds.
  const items = got as Record<string, unknown>[];
  const pairs = pairItems(items, want);
  items.forEach((item, k) => {
    const w = pairs[k];
    const verdict = w ? itemVerdict(item, w) : null;
    for (const [name, key] of [
      ['description', 'description'],
      ['quantity', 'quantity'],
      ['amount', 'amount'],
    ] as const) {
      judge(`${set} line items`, output, `lines[${k}].${name}`, () => verdict?.[key] ?? false);
    }
  });
});

const buckets: [number, number][] = [
  [0, 0.2],
  [0.2, 0.5],
  [0.5, 0.8],
  [0.8, 0.9],
  [0.9, 1.0001],
];
const label = ([low, high]: [number, number]) => `${fixed(low, 1)}-${fixed(Math.min(1, high), 1)}`;
const rowOf = (values: Judged[]) =>
  buckets.map((b) => {
    const inside = values.filter((v) => v.confidence >= b[0] && v.confidence < b[1]);
    const right = inside.filter((v) => v.right).length;
    return [label(b), String(inside.length), inside.length ? fixed(right / inside.length, 3) : '-'];
  });

console.log('\nAll values reported (non-null), by confidence');
printTable(['confidence', 'values', 'right'], rowOf(judged));

console.log('\nPer set: values (share right) per confidence bucket; withheld = null values');
const sets = [...new Set(judged.map((j) => j.set))];
printTable(
  ['set', ...buckets.map(label), 'withheld'],
  sets.map((set) => {
    const rows = rowOf(judged.filter((j) => j.set === set));
    return [
      set,
      ...rows.map(([, n, share]) => (n === '0' ? '-' : `${n} (${share})`)),
      String(withheld.get(set) ?? 0),
    ];
  }),
);

const high = judged.filter((j) => j.confidence >= 0.8);
const low = judged.filter((j) => j.confidence < 0.5);
const share = (list: Judged[]) =>
  list.length ? list.filter((j) => j.right).length / list.length : Number.NaN;
console.log(
  `\ntarget: right >= 0.90 at confidence >= 0.8: ${share(high) >= 0.9 ? 'met' : 'NOT met'} (${fixed(share(high), 3)} of ${high.length}); ` +
    `right < 0.5 below 0.5: ${low.length === 0 || share(low) < 0.5 ? 'met' : 'NOT met'} (${low.length ? fixed(share(low), 3) : '-'} of ${low.length})`,
);

if (showWrong !== null) {
  for (const j of judged)
    if (!j.right && j.confidence >= showWrong) console.log(`${j.set}: ${j.what} (${j.confidence})`);
}
