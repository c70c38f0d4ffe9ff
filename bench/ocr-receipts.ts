/**
 * OCR of scanned receipts: docjobs `auto` (PaddleOCR), `premium` (both engines combined) and
 * tesseract.js alone (`ocrEngine: tesseract`), vs Debian's tesseract CLI, same images, same
 * parallelism, one run.
 *
 *   node bench/ocr-receipts.ts [--parallel N] [--limit K] [--backend pglite|postgres] [--ocr auto|force]
 *     [--only auto,premium,tesseract]
 *
 * Corpus: the 50 SROIE 2019 receipts of ../shared/corpus/sroie_receipts (JPEG scans; box/NNN.csv
 * line transcripts joined by '\n' are the reference). Quality (bench/scoring.ts): CER = edits /
 * reference chars after NFKC, whitespace runs → one space and upper case, so spacing and case do
 * not count but the order of lines still does; bag-of-words F1 is the order-free view.
 * docjobs: N untimed warm-up jobs first (one per worker slot, on an image outside the scored set)
 * so tesseract.js worker creation and model loading are not timed; then all K submitted at once
 * over HTTP to an instance with WORKER_CONCURRENCY=N; wall time from the first submit to the last
 * job terminal (100 ms poll). CLI: `tesseract IMG stdout`, OMP_THREAD_LIMIT=1, N processes at a
 * time, after one untimed run (page cache); wall time for all K.
 * CPU-s per page: this process's CPU time over the timed part (docjobs runs in-process: its worker
 * threads count), or the CLI children's (/proc/self/stat cutime + cstime), divided by K.
 * Key values present: SROIE's key/NNN.json values found verbatim in the text, case ignored, and
 * with case kept ("same case"; scoring.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import {
  type Backend,
  backendsOf,
  countTerminal,
  fetchFinished,
  fixed,
  inParallel,
  machine,
  pollUntil,
  positiveInt,
  printTable,
  startBenchInstance,
  submitFile,
} from './lib.ts';
import {
  bagOfWords,
  cerCounts,
  f1,
  keyValuesPresent,
  orderFreeCerCounts,
  sroieTranscripts,
  type WordCounts,
} from './scoring.ts';

const { values: args } = parseArgs({
  options: {
    parallel: { type: 'string', default: String(availableParallelism()) },
    limit: { type: 'string', default: '50' },
    backend: { type: 'string', default: 'pglite' },
    ocr: { type: 'string', default: 'auto' },
    only: { type: 'string', default: 'auto,premium,tesseract' },
  },
});
if (args.backend === 'both') throw new Error('--backend must be pglite or postgres (one run per backend)');
const [backend] = backendsOf(args.backend) as [Backend];
const parallel = positiveInt('parallel', args.parallel);
const limit = positiveInt('limit', args.limit);
if (args.ocr !== 'auto' && args.ocr !== 'force') throw new Error('--ocr must be auto or force');
const jobOptions = { ocr: args.ocr, languages: ['eng'], ocrMode: 'standard' };

const dir = corpusDir('sroie_receipts');
const receipts = readdirSync(join(dir, 'images'))
  .filter((name) => name.endsWith('.jpg'))
  .sort()
  .slice(0, limit)
  .map((name) => {
    const id = basename(name, '.jpg');
    const csv = readFileSync(join(dir, 'box', `${id}.csv`), 'utf8');
    const keys = Object.values(JSON.parse(readFileSync(join(dir, 'key', `${id}.json`), 'utf8'))) as string[];
    return {
      id,
      path: join(dir, 'images', name),
      lines: sroieTranscripts(csv),
      truth: sroieTranscripts(csv).join('\n'),
      keys,
    };
  });
const warmupImage = corpusDir('invoice2data_invoices/inputs/FlipkartInvoice.png');

interface Run {
  seconds: number;
  cpuSeconds: number;
  texts: string[];
  /** Job statuses other than completed, e.g. "failed 2"; empty when all completed. */
  problems: string;
}

const submit = (baseUrl: string, path: string, options: Record<string, unknown>) =>
  submitFile(baseUrl, path, extname(path) === '.png' ? 'image/png' : 'image/jpeg', options);

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** CPU seconds of this process's waited-for children (fields 16 and 17 of /proc/self/stat, in ticks). */
const childCpuNow = () => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
};

async function runDocjobs(variant: Record<string, string>): Promise<Run> {
  const options = { ...jobOptions, ...variant };
  const instance = await startBenchInstance({ backend, worker: true, concurrency: parallel });
  const { docjobs, baseUrl } = instance;
  try {
    const warmupStarted = performance.now();
    await Promise.all(Array.from({ length: parallel }, () => submit(baseUrl, warmupImage, options)));
    await pollUntil(() => countTerminal(docjobs), parallel, warmupStarted);
    const started = performance.now();
    const cpuStarted = cpuNow();
    const ids = await Promise.all(receipts.map((r) => submit(baseUrl, r.path, options)));
    const ms = await pollUntil(() => countTerminal(docjobs), parallel + ids.length, started, {
      timeoutMs: 1_800_000,
    });
    const cpuSeconds = cpuNow() - cpuStarted;
    const texts: string[] = [];
    const statuses = new Map<string, number>();
    let firstError = '';
    for (const id of ids) {
      const job = await fetchFinished(baseUrl, id, 'text');
      statuses.set(job.status, (statuses.get(job.status) ?? 0) + 1);
      if (job.error && !firstError) firstError = `${job.error.code}: ${job.error.message}`;
      texts.push(job.result);
    }
    statuses.delete('completed');
    let problems = [...statuses].map(([status, n]) => `${status} ${n}`).join(', ');
    if (firstError) problems += ` (first error: ${firstError})`;
    return { seconds: ms / 1000, cpuSeconds, texts, problems };
  } finally {
    await instance.close();
  }
}

const run = promisify(execFile);
const tesseract = (path: string) =>
  run('tesseract', [path, 'stdout'], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    maxBuffer: 16 << 20,
    timeout: 300_000,
  });

async function runCli(): Promise<Run> {
  await tesseract(receipts[0]!.path);
  const texts: string[] = [];
  const started = performance.now();
  const cpuStarted = childCpuNow();
  await inParallel(receipts.length, parallel, async (i) => {
    texts[i] = (await tesseract(receipts[i]!.path)).stdout;
  });
  const cpuSeconds = childCpuNow() - cpuStarted;
  return { seconds: (performance.now() - started) / 1000, cpuSeconds, texts, problems: '' };
}

function score(r: Run) {
  let edits = 0;
  let chars = 0;
  let perImage = 0;
  let freeEdits = 0;
  let freeChars = 0;
  const words: WordCounts = { matched: 0, output: 0, reference: 0 };
  let keys = 0;
  let present = 0;
  let presentCased = 0;
  for (const [i, receipt] of receipts.entries()) {
    keys += receipt.keys.length;
    present += keyValuesPresent(r.texts[i] ?? '', receipt.keys);
    presentCased += keyValuesPresent(r.texts[i] ?? '', receipt.keys, false);
    const c = cerCounts(r.texts[i] ?? '', receipt.truth);
    edits += c.edits;
    chars += c.chars;
    perImage += c.edits / c.chars;
    const free = orderFreeCerCounts(r.texts[i] ?? '', receipt.lines);
    freeEdits += free.edits;
    freeChars += free.chars;
    const w = bagOfWords(r.texts[i] ?? '', receipt.truth);
    words.matched += w.matched;
    words.output += w.output;
    words.reference += w.reference;
  }
  const pagesPerSecond = receipts.length / r.seconds;
  const empty = r.texts.filter((text) => (text ?? '').trim() === '').length;
  return {
    cer: edits / chars,
    meanCer: perImage / receipts.length,
    orderFreeCer: freeEdits / freeChars,
    f1: f1(words),
    keys: present / keys,
    keysCased: presentCased / keys,
    cpuPerPage: r.cpuSeconds / receipts.length,
    pagesPerSecond,
    empty,
  };
}

const hasTesseract = !spawnSync('tesseract', ['--version']).error;
console.log(
  `OCR receipts bench: ${receipts.length} SROIE receipts, parallel ${parallel}, ${backend}, docjobs options ${JSON.stringify(jobOptions)}`,
);
console.log(machine());
console.log(
  `docjobs: ${parallel} untimed warm-up job(s) first (one per worker slot), so OCR worker creation is not timed.`,
);
if (!hasTesseract) {
  console.log('tesseract not found (apt-get install -y tesseract-ocr): the CLI row is skipped.');
}

const variants: [string, string, Record<string, string>][] = [
  ['auto', 'docjobs auto (PaddleOCR)', { ocrEngine: 'auto', ocrMode: 'standard' }],
  ['premium', 'docjobs premium (both)', { ocrEngine: 'auto', ocrMode: 'premium' }],
  ['tesseract', 'docjobs tesseract.js', { ocrEngine: 'tesseract', ocrMode: 'standard' }],
];
const chosen = args.only.split(',');
const rows: [string, Run][] = [];
for (const [key, name, variant] of variants) {
  if (chosen.includes(key)) rows.push([name, await runDocjobs(variant)]);
}
const cli = hasTesseract ? await runCli() : null;
if (cli) rows.push(['tesseract CLI', cli]);
const scores = rows.map(([, r]) => score(r));
const cliScore = cli ? scores.at(-1)! : null;
const table = rows.map(([name, r], i) => {
  const s = scores[i]!;
  const vsCli = cliScore ? `${fixed(s.pagesPerSecond / cliScore.pagesPerSecond, 2)}x` : '';
  return [
    name,
    fixed(s.cer, 3),
    fixed(s.meanCer, 3),
    fixed(s.orderFreeCer, 3),
    fixed(s.f1, 3),
    fixed(s.keys, 3),
    fixed(s.keysCased, 3),
    fixed(s.cpuPerPage, 2),
    fixed(s.pagesPerSecond, 2),
    vsCli,
    fixed(r.seconds, 1),
    `${s.empty}/${receipts.length}`,
  ];
});
console.log(
  '\nCER: micro = sum of edits / sum of reference chars; mean = mean of per-image CER; order-free = each reference line charged against its best stretch of the text (scoring.ts orderFreeCerCounts), micro',
);
printTable(
  [
    'engine',
    'CER micro',
    'CER mean',
    'CER order-free',
    'word F1',
    'keys present',
    'same case',
    'CPU-s/page',
    'pages/s',
    'vs CLI',
    'wall s',
    'empty',
  ],
  table,
);
for (const [name, r] of rows)
  if (r.problems) console.log(`\n${name}: jobs not completed (scored as empty text): ${r.problems}`);
const auto = rows.findIndex(([name]) => name.startsWith('docjobs auto'));
const premium = rows.findIndex(([name]) => name.startsWith('docjobs premium'));
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
if (auto >= 0) {
  const a = scores[auto]!;
  const speed = cliScore
    ? `; pages/s >= 0.5x CLI: ${verdict(a.pagesPerSecond >= 0.5 * cliScore.pagesPerSecond)}`
    : '';
  console.log(
    `\ntargets (auto): CER <= 0.09: ${verdict(a.cer <= 0.09)} in SROIE's line order, ${verdict(a.orderFreeCer <= 0.09)} order-free; word F1 >= 0.75: ${verdict(a.f1 >= 0.75)}; keys present >= 0.75: ${verdict(a.keys >= 0.75)}${speed}`,
  );
}
if (premium >= 0)
  console.log(`targets (premium): keys present >= 0.80: ${verdict(scores[premium]!.keys >= 0.8)}`);

// Stop by itself even if a handle outlives close(); that would be a leak worth knowing about.
setTimeout(() => {
  console.error('still running 10 s after the instance closed: a handle leaked; exiting');
  process.exit(1);
}, 10_000).unref();
