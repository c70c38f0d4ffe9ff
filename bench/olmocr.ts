/**
 * olmOCR-bench sample: its present / absent / order / table tests on docjobs' per-page markdown and on
 * pdftotext's per-page text, side by side in one run.
 *
 *   node bench/olmocr.ts [--backend pglite|postgres] [--concurrency 2] [--ocr auto|force|off] [--verbose]
 *
 * Corpus: ../shared/corpus/olmocr_bench_sample, 20 tested PDFs (7 under headers_footers/) and
 * dataset.jsonl: 99 tests (its README.txt says 116, but its own per-type counts sum to 99, as the
 * file does). Test semantics follow olmocr/bench/tests.py, see bench/scoring.ts; table tests (20)
 * read the pipe and HTML tables of the markdown (pdftotext has none, so it fails them all). math
 * (12) tests need KaTeX rendering: skipped and counted, as is the one baseline test of blanks.jsonl.
 * docjobs: every PDF submitted at once over HTTP (WORKER_CONCURRENCY = --concurrency), the page's
 * markdown taken from ?format=json. Peers: `pdftotext -f P -l P file -`, plain and -layout,
 * per tested page.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import {
  type Backend,
  backendsOf,
  fixed,
  inParallel,
  machine,
  parseOverHttp,
  positiveInt,
  printTable,
} from './lib.ts';
import { type OlmocrTest, passes, scoredTypes } from './scoring.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'pglite' },
    concurrency: { type: 'string', default: '2' },
    ocr: { type: 'string', default: 'auto' },
    verbose: { type: 'boolean', default: false },
  },
});
if (args.backend === 'both') throw new Error('--backend must be pglite or postgres (one run per backend)');
const [backend] = backendsOf(args.backend) as [Backend];
const concurrency = positiveInt('concurrency', args.concurrency);
if (!['auto', 'force', 'off'].includes(args.ocr)) throw new Error('--ocr must be auto, force or off');

const dir = corpusDir('olmocr_bench_sample');
const readJsonl = (name: string) =>
  readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '') // dataset.jsonl has blank lines between PDFs
    .map((line) => JSON.parse(line) as OlmocrTest);
const all = readJsonl('dataset.jsonl');
const isScored = (t: OlmocrTest) => (scoredTypes as readonly string[]).includes(t.type);
const tests = all.filter(isScored);
const skipped = new Map<string, number>();
for (const t of [...all.filter((t) => !isScored(t)), ...readJsonl('blanks.jsonl')]) {
  skipped.set(t.type, (skipped.get(t.type) ?? 0) + 1);
}
const pdfs = [...new Set(tests.map((t) => t.pdf))].sort();
const pageKey = (pdf: string, page: number) => `${pdf}#${page}`;

/** Markdown (or text) per `pdf#page`; a page missing from the map scores as empty output. */
type Pages = Map<string, string>;

async function runDocjobs(): Promise<{ pages: Pages; problems: string[] }> {
  const options = { ocr: args.ocr, languages: ['eng'] };
  const files = pdfs.map((pdf) => ({ path: join(dir, 'pdfs', pdf), name: pdf, options }));
  const parsed = await parseOverHttp({ backend, concurrency, files });
  console.log(`docjobs: ${pdfs.length} PDFs done in ${fixed(parsed.seconds, 1)} s`);
  const pages: Pages = new Map();
  for (const [pdf, byPage] of parsed.pages)
    for (const [page, md] of byPage) pages.set(pageKey(pdf, page), md);
  return { pages, problems: parsed.problems };
}

const run = promisify(execFile);

async function runPdftotext(mode: string[] = []): Promise<Pages> {
  const wanted = [...new Set(tests.map((t) => pageKey(t.pdf, t.page)))];
  const pages: Pages = new Map();
  await inParallel(wanted.length, concurrency, async (i) => {
    const key = wanted[i]!;
    const [pdf, page] = key.split('#') as [string, string];
    const { stdout } = await run(
      'pdftotext',
      [...mode, '-f', page, '-l', page, join(dir, 'pdfs', pdf), '-'],
      {
        maxBuffer: 64 << 20,
        timeout: 120_000,
      },
    );
    pages.set(key, stdout);
  });
  return pages;
}

const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;
console.log(
  `olmOCR-bench sample: ${tests.length} present/absent/order/table tests over ${pdfs.length} PDFs, ocr ${args.ocr}, concurrency ${concurrency}, ${backend}`,
);
console.log(machine());
console.log(`skipped: ${[...skipped].map(([type, n]) => `${type} ${n}`).join(', ')} (not scored here)`);
if (!hasPdftotext) {
  console.log('pdftotext not found (apt-get install -y poppler-utils): the pdftotext column is skipped.');
}

const ours = await runDocjobs();
const columns: [string, Pages][] = [['docjobs', ours.pages]];
if (hasPdftotext) {
  columns.push(['pdftotext', await runPdftotext()]);
  columns.push(['pdftotext -layout', await runPdftotext(['-layout'])]);
}
const outcomes = columns.map(([, pages]) =>
  tests.map((t) => passes(t, pages.get(pageKey(t.pdf, t.page)) ?? '')),
);

const rate = (passed: boolean[], pick: (t: OlmocrTest) => boolean) => {
  const chosen = tests.map((t, i) => (pick(t) ? passed[i]! : null)).filter((p) => p !== null);
  const n = chosen.filter(Boolean).length;
  return `${fixed((100 * n) / chosen.length, 1)}% (${n})`;
};
const row = (label: string, pick: (t: OlmocrTest) => boolean) => [
  label,
  String(tests.filter(pick).length),
  ...outcomes.map((passed) => rate(passed, pick)),
];
console.log('\npass rate per test type (passed tests in brackets)');
printTable(
  ['type', 'tests', ...columns.map(([name]) => name)],
  [...scoredTypes.map((type) => row(type, (t) => t.type === type)), row('overall', () => true)],
);
if (ours.problems.length > 0) {
  console.log(`\ndocjobs jobs without a result (their tests score as empty output):`);
  for (const problem of ours.problems) console.log(`  ${problem}`);
}
if (args.verbose && outcomes.length > 1) {
  console.log('\ntests where the two disagree (docjobs / pdftotext):');
  for (const [i, t] of tests.entries()) {
    const [a, b] = [outcomes[0]![i], outcomes[1]![i]];
    if (a !== b) console.log(`  ${t.id} ${t.type}: ${a ? 'pass' : 'fail'} / ${b ? 'pass' : 'fail'}`);
  }
}

// Stop by itself even if a handle outlives close(); that would be a leak worth knowing about.
setTimeout(() => {
  console.error('still running 10 s after the instance closed: a handle leaked; exiting');
  process.exit(1);
}, 10_000).unref();
