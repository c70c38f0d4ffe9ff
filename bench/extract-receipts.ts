/**
 * Key information extraction from scanned receipts (SROIE 2019 task 3): the built-in engine vs a
 * naive first-match baseline, same images, one run.
 *
 *   node bench/extract-receipts.ts [--limit K] [--fresh] [--show-misses] [--reference-text] [--ids even|odd|all]
 *
 * `--ids even` / `--ids odd` keep the receipts whose number is even / odd: rules are tuned on one
 * half and checked on the other, so that a gain that does not generalise shows.
 *
 * Corpus: the 50 SROIE receipts of ../shared/corpus/sroie_receipts, key/NNN.json the truth.
 * docjobs: detectFileType + readDocument (OCR, as the worker runs it; parsed documents cached
 * under /tmp, see extract-corpus.ts), then extractBuiltIn with the receipt schema of extract-corpus.ts: four string
 * fields described as a user would, nothing tuned to this corpus.
 * Protocol (task 3): a field is right when its value equals the truth after whitespace runs are
 * collapsed and ends trimmed. Case: the annotators upper-cased everything (the 200 truth values
 * and the 2,567 line transcripts of box/*.csv hold no lower-case letter, where the receipts
 * print "03 Mar 2018" and "Co-REG"), so the truth says nothing of case and the headline row,
 * the target and the calibration ignore it (sroieIgnoresCase, checked at run time); the row
 * with case kept is printed too. Precision = right / fields
 * given (non-null), recall = right / fields in the truth, F1 their harmonic mean, micro over
 * the 4 fields; plus accuracy per field.
 * Baseline ("first match"): the text of the tesseract CLI (`tesseract IMG stdout`, Debian's
 * tesseract-ocr) and, to tell OCR from extraction apart, the same rules on docjobs' own OCR text:
 * company = first line with letters, address = the next two lines, date = first token shaped
 * like a date, total = first amount after the word TOTAL.
 * `--reference-text` also runs the engine on documents built from the dataset's own line
 * transcripts (box/NNN.csv), so that what the engine loses is told apart from what OCR loses.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { extractBuiltIn } from '../src/pipeline/extract/built-in-engine.ts';
import type { ExtractionOutput } from '../src/pipeline/extract/types.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { readCorpus, receiptSchema, throughputRows, timeExtraction } from './extract-corpus.ts';
import {
  normReceipt,
  type ReceiptField,
  receiptFields,
  receiptValueRight,
  sroieIgnoresCase,
} from './extract-scoring.ts';
import { sroieReceipts, sroieReferenceDocument } from './extract-sets.ts';
import { fixed, inParallel, machine, positiveInt, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string', default: '50' },
    fresh: { type: 'boolean', default: false },
    'show-misses': { type: 'boolean', default: false },
    'reference-text': { type: 'boolean', default: false },
    ids: { type: 'string', default: 'all' },
  },
});
const limit = positiveInt('limit', args.limit);

const fields = receiptFields;
type Field = ReceiptField;
type Answer = Record<Field, string | null>;

if (!['even', 'odd', 'all'].includes(args.ids)) throw new Error(`--ids: even, odd or all, not ${args.ids}`);
const receipts = sroieReceipts(limit).filter(
  (r) => args.ids === 'all' || Number(r.id) % 2 === (args.ids === 'even' ? 0 : 1),
);
const norm = normReceipt;
const ignoreCase = sroieIgnoresCase(receipts);
console.log(
  ignoreCase
    ? 'The truth values hold no lower-case letter: case is not scored (the "case kept" row scores it).'
    : 'Some truth values hold lower-case letters: case is scored.',
);

function score(answers: Answer[], ignoreCase = false) {
  let given = 0;
  let right = 0;
  const perField = Object.fromEntries(fields.map((f) => [f, 0])) as Record<Field, number>;
  for (const [i, answer] of answers.entries()) {
    for (const f of fields) {
      const value = norm(answer[f]);
      if (value === null || value === '') continue;
      given++;
      if (receiptValueRight(value, receipts[i]!.truth[f], ignoreCase)) {
        right++;
        perField[f]++;
      }
    }
  }
  const expected = receipts.length * fields.length;
  const precision = given ? right / given : 0;
  const recall = right / expected;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, perField };
}

// The baseline's rules, deliberately simple: what a regex script would do.
const naiveDate = /\b(\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}[ -][A-Za-z]{3}[ -]\d{4})\b/;
function firstMatch(text: string): Answer {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /\p{L}/u.test(l));
  const total = text.match(/TOTAL[^\d\n]*(\$?RM ?\d+[.,]\d{2}|\$?\d+[.,]\d{2})/i)?.[1] ?? null;
  return {
    company: lines[0] ?? null,
    address: lines.slice(1, 3).join(' ') || null,
    date: text.match(naiveDate)?.[1] ?? null,
    total,
  };
}

const run = promisify(execFile);
const cliCache = join(tmpdir(), 'docjobs-extract-bench', 'tesseract-cli');

async function tesseractTexts(): Promise<string[] | null> {
  if (spawnSync('tesseract', ['--version']).error) return null;
  mkdirSync(cliCache, { recursive: true });
  const texts: string[] = [];
  await inParallel(receipts.length, availableParallelism(), async (i) => {
    const bytes = readFileSync(receipts[i]!.path);
    const file = join(cliCache, `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.txt`);
    try {
      texts[i] = readFileSync(file, 'utf8');
    } catch {
      const { stdout } = await run('tesseract', [receipts[i]!.path, 'stdout'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' },
        maxBuffer: 16 << 20,
      });
      writeFileSync(file, stdout);
      texts[i] = stdout;
    }
  });
  return texts;
}

console.log(
  `Receipt extraction bench: ${receipts.length} SROIE receipts (task 3: company, date, address, total)`,
);
console.log(machine());

const read = await readCorpus(
  receipts.map((r) => r.path),
  args.fresh,
);
const documents = read.map((r) => r.document);
const { outputs, extractMs } = timeExtraction(documents, () => ({ schema: receiptSchema, prompt: null }));
const ours = outputs.map(
  (o) => Object.fromEntries(fields.map((f) => [f, (o.data[f] as string | null) ?? null])) as Answer,
);
function extractBuiltInAll(docs: ParsedDocument[]) {
  return {
    documents: docs,
    outputs: docs.map((d) => extractBuiltIn(d, { schema: receiptSchema, prompt: null })),
  };
}
const cli = await tesseractTexts();
const answersOf = (list: ExtractionOutput[]) =>
  list.map((o) => Object.fromEntries(fields.map((f) => [f, (o.data[f] as string | null) ?? null])) as Answer);
const reference = args['reference-text']
  ? extractBuiltInAll(receipts.map((r, i) => sroieReferenceDocument(r.id, documents[i]!)))
  : null;

const rows: [string, Answer[], boolean?][] = [
  ['docjobs built-in engine (case ignored)', ours, ignoreCase],
  ['docjobs built-in engine, case kept', ours, false],
  ['first-match rules on docjobs OCR text', documents.map((d) => firstMatch(d.text))],
];
if (reference) {
  rows.push(['built-in engine on reference text (box/*.csv)', answersOf(reference.outputs)]);
  rows.push(['first-match rules on reference text', reference.documents.map((d) => firstMatch(d.text))]);
}
if (cli) rows.push(['first-match rules on tesseract CLI text', cli.map(firstMatch)]);
else console.log('tesseract not found (apt-get install -y tesseract-ocr): the CLI baseline is skipped.');

console.log('\nExact match after whitespace normalisation (SROIE task 3 protocol), micro over the 4 fields');
printTable(
  ['extractor', 'precision', 'recall', 'F1', ...fields],
  rows.map(([name, answers, ignoreCase]) => {
    const s = score(answers, ignoreCase);
    return [
      name,
      fixed(s.precision, 3),
      fixed(s.recall, 3),
      fixed(s.f1, 3),
      ...fields.map((f) => fixed(s.perField[f] / receipts.length, 2)),
    ];
  }),
);

// What any extractor could reach on this OCR: truth values that appear verbatim in the text.
const present = (ignoreCase: boolean, docs = documents) =>
  receipts.reduce((n, r, i) => {
    const text = norm(docs[i]!.pages.flatMap((p) => (p.lines ?? []).map((l) => l.text)).join(' '))!;
    const hay = ignoreCase ? text.toUpperCase() : text;
    return (
      n +
      fields.filter((f) =>
        hay.includes((ignoreCase ? norm(r.truth[f])?.toUpperCase() : norm(r.truth[f])) ?? '\u0000'),
      ).length
    );
  }, 0) /
  (receipts.length * fields.length);
console.log(
  `OCR ceiling: ${fixed(present(false), 3)} of the truth values appear verbatim in docjobs' OCR text (${fixed(present(true), 3)} ignoring case): no extractor's recall on this text can pass that.`,
);
if (reference)
  console.log(
    `Reference text ceiling: ${fixed(present(false, reference.documents), 3)} (${fixed(present(true, reference.documents), 3)} ignoring case).`,
  );

// Calibration: how often a value given with a confidence in each band is right.
const bands = [0, 0.4, 0.6, 0.8, 1.01];
const calibration = bands.slice(0, -1).map((low, k) => {
  let n = 0;
  let right = 0;
  for (const [i, o] of outputs.entries()) {
    for (const f of fields) {
      const c = o.confidence[f] ?? 0;
      if (o.data[f] === null || c < low || c >= bands[k + 1]!) continue;
      n++;
      if (receiptValueRight(o.data[f], receipts[i]!.truth[f], ignoreCase)) right++;
    }
  }
  return [
    `${fixed(low, 1)}-${fixed(Math.min(1, bands[k + 1]!), 1)}`,
    String(n),
    n ? fixed(right / n, 2) : '-',
  ];
});
console.log('\nConfidence calibration of docjobs values (share right per confidence band)');
printTable(['confidence', 'values', 'right'], calibration);

console.log('\nThroughput (one document at a time)');
printTable(['docjobs', 'documents/s', 'ms/document'], throughputRows(read, extractMs));
const s = score(ours, ignoreCase);
console.log(
  `\ntarget: F1 >= 0.70: ${s.f1 >= 0.7 ? 'met' : 'NOT met'} (${fixed(s.f1, 3)}; ${fixed(score(ours).f1, 3)} with case kept)`,
);

if (args['show-misses']) {
  const runs: [string, ExtractionOutput[]][] = [['ocr', outputs]];
  if (reference) runs.push(['ref', reference.outputs]);
  for (const [source, list] of runs) {
    for (const [i, o] of list.entries()) {
      for (const f of fields) {
        const got = norm(o.data[f] as string | null);
        const want = norm(receipts[i]!.truth[f]);
        if (got !== want)
          console.log(
            `${source} ${receipts[i]!.id} ${f}: got ${JSON.stringify(got)} (${o.confidence[f]}) want ${JSON.stringify(want)}`,
          );
      }
    }
  }
}
