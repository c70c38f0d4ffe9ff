/**
 * Document classification: the built-in engine vs a plain keyword-count baseline, same documents,
 * same categories, one run.
 *
 *   node bench/classify.ts [--fresh] [--misses]
 *
 * Corpus: ../shared/corpus/doc_classification/labels.csv (121 documents; its paths are relative to
 * the corpus root). Each file is read as the worker reads it (detectFileType + readDocument with the
 * default parse options, so the JPEG/PNG scans are OCR'd), through the extraction benches' cache
 * (extract-corpus.ts: keyed by the file and the pipeline's sources) because OCR of the ~60 scans
 * takes minutes; --fresh re-reads them all.
 * The categories were written by the lead without looking at the documents; do not edit them to
 * suit the corpus. Baseline: for each category, count the occurrences of its keywords in the
 * document's text (case-insensitive, word-bounded) and pick the largest count (first on ties).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { classifyBuiltIn } from '../src/pipeline/classify/built-in-classifier.ts';
import type { Category } from '../src/pipeline/classify/types.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { readCorpus } from './extract-corpus.ts';
import { fixed, machine, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
  },
});

const categories: Category[] = [
  {
    name: 'receipt',
    description:
      'A proof of payment handed to a customer at the point of sale: shop, restaurant, cafe, hotel, taxi, ticket or travel receipt listing items or services bought, prices, tax and the total paid, often with the payment method and change.',
    keywords: ['receipt', 'total', 'cash', 'change', 'paid', 'thank you', 'card', 'tax'],
  },
  {
    name: 'invoice',
    description:
      'A bill sent by a supplier asking a customer to pay: invoice number, invoice date, due date, billing and shipping addresses, line items, subtotal, VAT or sales tax, amount due and payment details such as bank account or IBAN.',
    keywords: [
      'invoice',
      'bill to',
      'due date',
      'amount due',
      'invoice number',
      'vat',
      'iban',
      'payment terms',
    ],
  },
  {
    name: 'scientific_paper',
    description:
      'A research article or preprint: title, authors and affiliations, abstract, introduction, method, experiments, results, conclusion and a list of references with citations.',
    keywords: ['abstract', 'references', 'introduction', 'et al', 'arxiv', 'conclusion', 'experiments'],
  },
  {
    name: 'manual',
    description:
      'A user manual, handbook or technical guide explaining how to operate, install or maintain something, with numbered procedures, warnings and chapters.',
    keywords: ['manual', 'handbook', 'instructions', 'warning', 'procedure', 'chapter', 'operation'],
  },
  {
    name: 'textbook',
    description:
      'A textbook or course book for students, organised in chapters and sections with learning objectives, examples, exercises and review questions.',
    keywords: ['chapter', 'exercises', 'learning objectives', 'example', 'review questions', 'textbook'],
  },
  {
    name: 'report',
    description:
      'A report presenting findings on a subject for an organisation: executive summary, background, findings, recommendations, often with tables and figures.',
    keywords: ['report', 'executive summary', 'findings', 'recommendations', 'background'],
  },
  {
    name: 'financial_report',
    description:
      'An annual or quarterly financial report or financial statements of a company: balance sheet, income statement, cash flow, revenue, net income, assets and liabilities, fiscal year.',
    keywords: [
      'annual report',
      'balance sheet',
      'income statement',
      'revenue',
      'fiscal year',
      'assets',
      'liabilities',
      'net income',
    ],
  },
  {
    name: 'handwritten_notes',
    description:
      'Handwritten notes: lecture or meeting notes, lists or sketches written by hand, scanned or photographed.',
    keywords: ['notes', 'handwritten'],
  },
  {
    name: 'handwritten_letter',
    description:
      'A personal letter written by hand, with a greeting such as Dear, a body of text and a closing and signature such as Yours sincerely or Love.',
    keywords: ['dear', 'sincerely', 'yours', 'letter', 'handwritten'],
  },
];
const names = categories.map((c) => c.name);

interface Labelled {
  path: string;
  label: string;
}

/** labels.csv: path,doc_type,subtype,label_source; no field holds a comma or a quote. */
function readLabels(): Labelled[] {
  const lines = readFileSync(corpusDir('doc_classification/labels.csv'), 'utf8').trim().split('\n');
  return lines.slice(1).map((line) => {
    const [path = '', label = ''] = line.split(',');
    if (!names.includes(label)) throw new Error(`labels.csv: unknown label "${label}" for ${path}`);
    return { path, label };
  });
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const keywordPatterns = categories.map((c) =>
  (c.keywords ?? []).map((k) => new RegExp(`\\b${escapeRegExp(k)}\\b`, 'gi')),
);
function keywordBaseline(document: ParsedDocument): string {
  let best = 0;
  let bestCount = -1;
  for (const [i, patterns] of keywordPatterns.entries()) {
    const count = patterns.reduce((sum, p) => sum + (document.text.match(p)?.length ?? 0), 0);
    if (count > bestCount) [best, bestCount] = [i, count];
  }
  return names[best]!;
}

interface Scores {
  accuracy: number;
  macroF1: number;
  recall: Map<string, number>;
  confusion: Map<string, Map<string, number>>;
}

function score(gold: readonly string[], predicted: readonly string[]): Scores {
  const confusion = new Map(names.map((g) => [g, new Map(names.map((p) => [p, 0]))]));
  for (const [i, g] of gold.entries()) {
    const row = confusion.get(g)!;
    row.set(predicted[i]!, (row.get(predicted[i]!) ?? 0) + 1);
  }
  const recall = new Map<string, number>();
  let f1Sum = 0;
  for (const name of names) {
    const tp = confusion.get(name)!.get(name)!;
    const goldCount = gold.filter((g) => g === name).length;
    const predictedCount = predicted.filter((p) => p === name).length;
    const r = goldCount === 0 ? 0 : tp / goldCount;
    const p = predictedCount === 0 ? 0 : tp / predictedCount;
    recall.set(name, r);
    f1Sum += p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  return { accuracy: correct / gold.length, macroF1: f1Sum / names.length, recall, confusion };
}

const labelled = readLabels();
console.log(`Classification bench: ${labelled.length} documents of doc_classification/labels.csv`);
console.log(machine());
const readStarted = performance.now();
const read = await readCorpus(
  labelled.map((d) => corpusDir(d.path)),
  args.fresh,
);
const documents: ParsedDocument[] = read.map((entry) => entry.document);
console.log(`read (or loaded from the cache) in ${fixed((performance.now() - readStarted) / 1000, 1)} s`);

const gold = labelled.map((d) => d.label);
const ms: number[] = [];
// One untimed pass first: the timings below are of compiled code, as in a long-running worker.
for (const document of documents) classifyBuiltIn(document, categories);
const ours = documents.map((document) => {
  const started = performance.now();
  const output = classifyBuiltIn(document, categories);
  ms.push(performance.now() - started);
  return output;
});
const engines: [string, string[]][] = [
  ['built-in', ours.map((o) => o.label ?? '(none)')],
  ['keyword count', documents.map(keywordBaseline)],
];
const results = engines.map(([engine, predicted]) => [engine, score(gold, predicted)] as const);

console.log('\nmacro-F1 averages the F1 of the 9 categories (a category never predicted has F1 0)');
printTable(
  ['engine', 'accuracy', 'macro-F1'],
  results.map(([engine, s]) => [engine, fixed(s.accuracy, 3), fixed(s.macroF1, 3)]),
);
console.log('\nrecall per category');
printTable(
  ['category', 'documents', ...results.map(([engine]) => engine)],
  names.map((name) => [
    name,
    String(gold.filter((g) => g === name).length),
    ...results.map(([, s]) => fixed(s.recall.get(name)!, 2)),
  ]),
);
const short = (name: string) => name.replace(/_/g, ' ').slice(0, 9);
for (const [engine, s] of results) {
  console.log(`\nconfusion matrix, ${engine} (rows: true label, columns: predicted)`);
  printTable(
    ['true \\ predicted', ...names.map(short)],
    names.map((g) => [g, ...names.map((p) => String(s.confusion.get(g)!.get(p)!))]),
  );
}
const sorted = [...ms].sort((a, b) => a - b);
const confidences = ours.map((o) => o.confidence);
const right = confidences.filter((_, i) => ours[i]!.label === gold[i]);
const wrong = confidences.filter((_, i) => ours[i]!.label !== gold[i]);
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const longest = documents.reduce((a, d, i) => (d.pages.length > documents[a]!.pages.length ? i : a), 0);
console.log(
  `\nbuilt-in: ${fixed(sorted[sorted.length >> 1]!, 2)} ms median, ${fixed(sorted.at(-1)!, 2)} ms max per document ` +
    `(${fixed(ms[longest]!, 2)} ms for the longest, ${documents[longest]!.pages.length} pages); ` +
    `mean confidence ${fixed(mean(right), 2)} when right, ${fixed(mean(wrong), 2)} when wrong (${wrong.length})`,
);
const built = results[0]![1];
console.log(
  `target accuracy >= 0.90: ${built.accuracy >= 0.9 ? 'met' : 'NOT met'} (${fixed(built.accuracy, 3)})`,
);
if (args.misses) {
  console.log('\nmisclassified by the built-in engine');
  for (const [i, output] of ours.entries()) {
    if (output.label === gold[i]) continue;
    const top = Object.entries(output.scores)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([n, v]) => `${n} ${fixed(v, 2)}`)
      .join(', ');
    console.log(
      `${labelled[i]!.path}: ${gold[i]} → ${output.label} (conf ${fixed(output.confidence, 2)}; ${top})`,
    );
  }
}
