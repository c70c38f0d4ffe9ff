/**
 * Extraction and classification as jobs, end to end: upload over HTTP, queue, worker, parse or
 * OCR, the built-in engine, result written — against parse jobs of the same files (what the task
 * step adds) and the CLI peers that only read the text (tesseract, pdftotext), in one run.
 *
 *   node bench/extract-jobs.ts [--parallel N] [--repeat R] [--backend pglite|postgres]
 *
 * Workloads: the 50 SROIE receipts (JPEG scans, through OCR) and the 11 invoice2data PDFs (text
 * layer) submitted R times each. For each: N untimed warm-up jobs (one per worker slot), then all
 * jobs submitted at once to an instance with WORKER_CONCURRENCY=N; wall time from the first submit
 * to the last job terminal (100 ms poll). Peers: `tesseract IMG stdout` (OMP_THREAD_LIMIT=1) and
 * `pdftotext FILE -`, N processes at a time. The accuracy of these same results is what
 * bench/extract-receipts.ts and bench/extract-invoices.ts measure on the engine alone.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import { invoiceSchema, receiptSchema } from './extract-corpus.ts';
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

const { values: args } = parseArgs({
  options: {
    parallel: { type: 'string', default: String(availableParallelism()) },
    repeat: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'pglite' },
  },
});
if (args.backend === 'both') throw new Error('--backend must be pglite or postgres (one run per backend)');
const [backend] = backendsOf(args.backend) as [Backend];
const parallel = positiveInt('parallel', args.parallel);
const repeat = positiveInt('repeat', args.repeat);

const receiptDir = corpusDir('sroie_receipts/images');
const receipts = readdirSync(receiptDir)
  .filter((name) => name.endsWith('.jpg'))
  .sort()
  .map((name) => join(receiptDir, name));
const invoiceDir = corpusDir('invoice2data_invoices/inputs');
const invoices = readdirSync(invoiceDir)
  .filter((name) => name.endsWith('.pdf'))
  .sort()
  .map((name) => join(invoiceDir, name));
const pdfJobs = Array.from({ length: repeat }, () => invoices).flat();

const mimeOf = (path: string) =>
  ({ '.jpg': 'image/jpeg', '.png': 'image/png', '.pdf': 'application/pdf' })[extname(path)] ??
  'application/octet-stream';

interface Drain {
  seconds: number;
  problems: string;
}

/** Submit every file as one job of `fields`, and time until all are terminal. */
async function drain(paths: readonly string[], fields: Record<string, unknown>): Promise<Drain> {
  const instance = await startBenchInstance({ backend, worker: true, concurrency: parallel });
  const { docjobs, baseUrl } = instance;
  const submit = (path: string) => submitFile(baseUrl, path, mimeOf(path), {}, fields);
  try {
    const warmup = performance.now();
    await Promise.all(paths.slice(0, parallel).map(submit));
    await pollUntil(() => countTerminal(docjobs), parallel, warmup);
    const started = performance.now();
    const ids = await Promise.all(paths.map(submit));
    const ms = await pollUntil(() => countTerminal(docjobs), parallel + ids.length, started, {
      timeoutMs: 1_800_000,
    });
    const statuses = new Map<string, number>();
    for (const id of ids) {
      const { status } = await fetchFinished(baseUrl, id, 'json');
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    statuses.delete('completed');
    return { seconds: ms / 1000, problems: [...statuses].map(([status, n]) => `${status} ${n}`).join(', ') };
  } finally {
    await instance.close();
  }
}

const run = promisify(execFile);
const has = (command: string, flag: string) => !spawnSync(command, [flag]).error;

async function timeCli(
  paths: readonly string[],
  command: (path: string) => Promise<unknown>,
): Promise<number> {
  await command(paths[0]!);
  const started = performance.now();
  await inParallel(paths.length, parallel, async (i) => {
    await command(paths[i]!);
  });
  return (performance.now() - started) / 1000;
}

const tesseract = (path: string) =>
  run('tesseract', [path, 'stdout'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 16 << 20 });
const pdftotext = (path: string) => run('pdftotext', ['-layout', path, '-'], { maxBuffer: 16 << 20 });

console.log(
  `Extraction jobs bench: ${receipts.length} receipts (OCR), ${invoices.length} invoice PDFs x ${repeat}; parallel ${parallel}, ${backend}`,
);
console.log(machine());

const rows: string[][] = [];
const workloads = [
  {
    name: 'receipts (JPEG, OCR)',
    paths: receipts,
    schema: receiptSchema,
    peer: 'tesseract CLI',
    cli: tesseract,
    tool: 'tesseract',
  },
  {
    name: `invoice PDFs x${repeat}`,
    paths: pdfJobs,
    schema: invoiceSchema,
    peer: 'pdftotext',
    cli: pdftotext,
    tool: 'pdftotext',
  },
] as const;
for (const workload of workloads) {
  const count = workload.paths.length;
  const parse = await drain(workload.paths, { type: 'parse' });
  const extract = await drain(workload.paths, { type: 'extract', schema: workload.schema });
  const peerSeconds = has(workload.tool, '-v') ? await timeCli(workload.paths, workload.cli) : null;
  const rate = (seconds: number) => count / seconds;
  rows.push([
    workload.name,
    fixed(rate(extract.seconds), 2),
    fixed(rate(parse.seconds), 2),
    `${fixed(parse.seconds / extract.seconds, 2)}x`,
    peerSeconds === null ? 'n/a' : `${workload.peer} ${fixed(rate(peerSeconds), 2)}`,
    peerSeconds === null ? 'n/a' : `${fixed(peerSeconds / extract.seconds, 2)}x`,
    [extract.problems, parse.problems].filter(Boolean).join('; ') || '-',
  ]);
}
printTable(
  [
    'workload',
    'extract jobs/s',
    'parse jobs/s',
    'extract/parse',
    'peer docs/s (text only)',
    'extract/peer',
    'not completed',
  ],
  rows,
);
