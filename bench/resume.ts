/**
 * Resume (issue 15): a 20-page scanned PDF (`ocr: force`) whose worker gets SIGTERM once 10 pages
 * are read and is then restarted, beside the same job run once through, in one run. What counts
 * is the CPU time of the `docjobs worker` processes, start to exit (both processes of the
 * interrupted run: the restart's start-up, PGlite-free PostgreSQL connect and OCR engine loads
 * included, as a deployment pays them). Also shown: the same interruption with the job's page
 * checkpoints deleted before the restart (every page read again: what a hand-back cost before),
 * how long the SIGTERM took to end the worker (SHUTDOWN_GRACE_SECONDS stays at its 30 s), and
 * what any restart costs: a worker started and stopped idle, and a fresh worker reading two pages;
 * from these, the restart's fixed cost (the 2-page run less its two pages at the uninterrupted
 * run's CPU a page) and the interrupted run's ratio without it.
 *
 *   node bench/resume.ts [--pages 20] [--stop-at 10] [--repeat 1]
 *
 * `--repeat N`: N pairs of an uninterrupted run and an interrupted one, alternating, each
 * interrupted run compared with the uninterrupted run just before it; the median of those ratios
 * is printed. On a shared machine one pair's ratio moves by ±0.1 (the uninterrupted run's CPU
 * varies by ~15 % from run to run with the load), so one pair is a sample, not the figure.
 *
 * On PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test): an API-only
 * `docjobs serve --no-worker` child takes the submit; the workers are `docjobs worker` children
 * (WORKER_CONCURRENCY=1, OCR_WORKERS at its default, the core count). CPU: this process's
 * /proc/self/stat cutime + cstime, which count the children it has waited for: the workers only,
 * the API child exits last. The document is generated (scanned-pages.ts): same bytes every run.
 *
 * Before the measured runs, one worker reads a 1-page scan unmeasured: what a deployment's first
 * start writes once (Node's compile cache, which the pool threads share, and the optimised
 * PaddleOCR models in DATA_DIR/../.docjobs-cache) is then there for every run alike, instead of
 * being paid by whichever run comes first. Load averages are printed: the machine is shared.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { scannedPagesPdf } from '../src/pipeline/ocr/testing/scanned-pages.ts';
import { freePort, type RunningProcess, runDocjobs, stop, waitForOutput } from '../test/processes.ts';
import {
  authHeaders,
  benchKey,
  dropSchemas,
  fixed,
  machine,
  makeTempDir,
  positiveInt,
  postgresUrl,
  printTable,
  sleep,
  uniqueName,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '20' },
    'stop-at': { type: 'string', default: '10' },
    repeat: { type: 'string', default: '1' },
  },
});
const pages = positiveInt('pages', args.pages);
const stopAt = positiveInt('stop-at', args['stop-at']);
const repeat = positiveInt('repeat', args.repeat);
if (stopAt >= pages) throw new Error('--stop-at must be below --pages');

/** CPU seconds of the children this process has waited for (Linux clock ticks: 100 a second). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 0; cutime and cstime are fields 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Run {
  name: string;
  wallS: number;
  cpuS: number;
  stopS: number | null;
  reused: number;
  /** CPU s of each worker process, in order. */
  workers: number[];
}

const dir = makeTempDir('docjobs-resume');
const schema = uniqueName('bench_resume');
const env = {
  DATA_DIR: dir.path,
  DATABASE_URL: postgresUrl,
  DATABASE_SCHEMA: schema,
  DOCJOBS_BOOTSTRAP_API_KEY: benchKey,
  WORKER_CONCURRENCY: '1',
  LOG_LEVEL: 'warn',
};
const client = new pg.Client({ connectionString: postgresUrl });
await client.connect();
const port = await freePort();
const api = runDocjobs(['serve', '--no-worker'], { ...env, PORT: String(port) });
const baseUrl = `http://127.0.0.1:${port}`;

async function submit(document: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/jobs`, {
    method: 'POST',
    headers: { ...authHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ fileName: 'scan.pdf', document, options: { ocr: 'force' } }),
  });
  if (response.status !== 202) throw new Error(`submit: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

const jobRow = async (id: string) =>
  (await client.query(`SELECT status, pages_done FROM ${schema}.jobs WHERE id = $1`, [id])).rows[0] as {
    status: string;
    pages_done: number;
  };

async function waitUntil(id: string, done: (row: { status: string; pages_done: number }) => boolean) {
  const deadline = Date.now() + 900_000;
  for (;;) {
    const row = await jobRow(id);
    if (done(row)) return row;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(row)}`);
    await sleep(50);
  }
}

async function startWorker(): Promise<RunningProcess> {
  const worker = runDocjobs(['worker'], env);
  await waitForOutput(worker, /docjobs worker running/, 120);
  return worker;
}

/** One job through to the end; `interrupt`: SIGTERM its worker at `stopAt` pages, then restart. */
async function runJob(
  name: string,
  document: string,
  interrupt: 'no' | 'resume' | 'from-scratch',
): Promise<Run> {
  const id = await submit(document);
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  let worker = await startWorker();
  let stopS: number | null = null;
  const workers: number[] = [];
  if (interrupt !== 'no') {
    await waitUntil(id, (row) => row.pages_done >= stopAt);
    const signalled = performance.now();
    await stop(worker);
    stopS = (performance.now() - signalled) / 1000;
    workers.push(childrenCpuSeconds() - cpuBefore);
    const row = await jobRow(id);
    if (row.status !== 'queued') throw new Error(`not handed back: ${JSON.stringify(row)}`);
    if (interrupt === 'from-scratch')
      await client.query(`DELETE FROM ${schema}.page_checkpoints WHERE job_id = $1`, [id]);
    worker = await startWorker();
  }
  const end = await waitUntil(id, (row) => !['queued', 'processing', 'retrying'].includes(row.status));
  const wallS = (performance.now() - started) / 1000;
  await stop(worker);
  const cpuS = childrenCpuSeconds() - cpuBefore;
  workers.push(cpuS - (workers[0] ?? 0));
  if (end.status !== 'completed') throw new Error(`${name}: ${JSON.stringify(end)}`);
  const trace = (await (await fetch(`${baseUrl}/v1/jobs/${id}/trace`, { headers: authHeaders })).json()) as {
    stages: { stage: string; passes?: { reusedPages?: number[] }[] }[];
  };
  const pass = trace.stages.find((stage) => stage.stage === 'ocr')?.passes?.[0];
  return { name, wallS, cpuS, stopS, reused: pass?.reusedPages?.length ?? 0, workers };
}

/**
 * What a restart costs whatever the checkpoints do: a worker process started and stopped without a
 * job, and one that reads a 2-page scan (so both its OCR lanes load their engines, as a restarted
 * worker's do).
 */
async function restartCost(twoPages: string): Promise<Run[]> {
  const idleBefore = childrenCpuSeconds();
  await stop(await startWorker());
  const idle = { name: 'worker start → stop, no job', wallS: 0, cpuS: childrenCpuSeconds() - idleBefore };
  const two = await runJob('fresh worker, 2-page job', twoPages, 'no');
  return [{ ...idle, stopS: null, reused: 0, workers: [idle.cpuS] }, two];
}

try {
  await waitForOutput(api, /docjobs listening on/, 120);
  const document = Buffer.from(await scannedPagesPdf(pages)).toString('base64');
  await runJob('warm-up', Buffer.from(await scannedPagesPdf(1)).toString('base64'), 'no');
  const loadBefore = loadavg()[0]!;
  const pairs: [Run, Run][] = [];
  for (let n = 1; n <= repeat; n++) {
    const tag = repeat > 1 ? ` (${n})` : '';
    const uninterrupted = await runJob(`uninterrupted${tag}`, document, 'no');
    pairs.push([
      uninterrupted,
      await runJob(`SIGTERM at page ${stopAt}, restarted${tag}`, document, 'resume'),
    ]);
  }
  const base = pairs[0]![0];
  const scratch = await runJob(`same, checkpoints deleted`, document, 'from-scratch');
  const [idle, two] = await restartCost(Buffer.from(await scannedPagesPdf(2)).toString('base64'));
  console.log(`\nResume: ${pages}-page scanned PDF, ocr force, PostgreSQL — ${machine()}`);
  console.log(
    `load average (1 min) ${fixed(loadBefore, 1)} at the start, ${fixed(loadavg()[0]!, 1)} at the end\n`,
  );
  const row = (run: Run, against: Run) => [
    run.name,
    run.wallS ? fixed(run.wallS, 1) : '-',
    fixed(run.cpuS, 1),
    run.workers.map((cpu) => fixed(cpu, 1)).join(' + '),
    `${fixed(run.cpuS / against.cpuS, 2)}×`,
    run.stopS === null ? '-' : fixed(run.stopS, 1),
    String(run.reused),
  ];
  printTable(
    [
      'run',
      'wall s',
      'worker CPU s',
      'each worker',
      'CPU vs uninterrupted',
      'SIGTERM → exit s',
      'pages reused',
    ],
    [
      ...pairs.flatMap(([uninterrupted, resumed]) => [row(uninterrupted, base), row(resumed, uninterrupted)]),
      ...[scratch, idle!, two!].map((run) => row(run, base)),
    ],
  );
  // CPU a page, start-up aside: the 20-page run less the 2-page run, over the 18 pages between them.
  const perPage = (base.cpuS - two!.cpuS) / (pages - 2);
  const restart = two!.cpuS - 2 * perPage;
  const resumed = pairs[0]![1];
  console.log(
    `\nCPU a page ${fixed(perPage, 2)} s; a restart's fixed cost (process, OCR engines) ${fixed(restart, 1)} s;` +
      ` interrupted run less that cost: ${fixed((resumed.cpuS - restart) / base.cpuS, 2)}× the uninterrupted one`,
  );
  if (repeat > 1) {
    const ratios = pairs.map(([u, r]) => r.cpuS / u.cpuS).sort((a, b) => a - b);
    const median = ratios[(ratios.length - 1) >> 1]! / 2 + ratios[ratios.length >> 1]! / 2;
    console.log(
      `interrupted vs uninterrupted over ${repeat} pairs: median ${fixed(median, 2)}×` +
        ` (${ratios.map((r) => `${fixed(r, 2)}×`).join(', ')})`,
    );
  }
} finally {
  await stop(api);
  await client.end();
  await dropSchemas(postgresUrl, [schema, `${schema}_queue`]).catch(console.error);
  dir.remove();
}
