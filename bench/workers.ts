/**
 * Scale-out: throughput with 1, 2 and 4 `docjobs worker` processes on one PostgreSQL database.
 *
 *   node bench/workers.ts [--processes 1,2,4] [--jobs 2000] [--ocr-jobs 80]
 *
 * For each count: a fresh schema, an API-only `docjobs serve --no-worker` child taking the
 * submits, then N `docjobs worker` children (WORKER_CONCURRENCY=1 and OCR_WORKERS=1 each, so the
 * process count is the only thing that changes). Workloads: (a) tiny text/plain parse jobs, (b) OCR parse jobs of
 * small PNG scans drawn by textImage. Every job is submitted before the workers start; the clock
 * starts when the last worker says it is running and counts only the jobs that ended after that
 * (polled every 100 ms until all are terminal). Peer for (a): N child processes of raw pg-boss with
 * the work options of src/engine/worker.ts and a handler that does nothing (as bench/engine.ts),
 * on jobs sent the way docjobs sends them. Each worker's first OCR job also loads the OCR engine:
 * that start-up cost is inside the timing, once per process, as it would be in a deployment.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { loadConfig } from '../src/core/config.ts';
import { terminalStatuses } from '../src/core/job-status.ts';
import { textImage } from '../src/pipeline/images/testing/text-image.ts';
import { runQueueOptions } from '../src/store/queue.ts';
import { freePort, type RunningProcess, runDocjobs, stop, waitForOutput } from '../test/processes.ts';
import {
  authHeaders,
  benchKey,
  dropSchemas,
  fixed,
  inParallel,
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
    processes: { type: 'string', default: '1,2,4' },
    jobs: { type: 'string', default: '2000' },
    'ocr-jobs': { type: 'string', default: '80' },
    // Internal: this script re-run as one raw pg-boss worker process of the peer.
    'raw-worker': { type: 'string' },
  },
});

const rawQueue = 'bench-noop';
// The batch size docjobs' workers use (WORKER_BATCH_SIZE), so both sides fetch the same way.
const batchSize = loadConfig({ ...process.env, DATABASE_URL: '' }).workerBatchSize;

if (args['raw-worker']) {
  await runRawWorker(args['raw-worker']);
  process.exit(0);
}

const counts = args.processes.split(',').map((n) => positiveInt('processes', n));
const jobs = positiveInt('jobs', args.jobs);
const ocrJobs = positiveInt('ocr-jobs', args['ocr-jobs']);

interface Document {
  fileName: string;
  mimeType: string;
  base64: string;
}

/** One configuration: submit everything to an API-only instance, then time N workers draining it. */
async function benchDocjobs(processes: number, documents: readonly Document[]): Promise<number> {
  const dir = makeTempDir('docjobs-workers');
  const schema = uniqueName('bench_w');
  const env = {
    DATA_DIR: dir.path,
    DATABASE_URL: postgresUrl,
    DATABASE_SCHEMA: schema,
    DOCJOBS_BOOTSTRAP_API_KEY: benchKey,
    WORKER_CONCURRENCY: '1',
    // OCR_WORKERS defaults to the core count: one process would already OCR on every core.
    OCR_WORKERS: '1',
    LOG_LEVEL: 'warn',
  };
  const children: RunningProcess[] = [];
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const port = await freePort();
    const api = runDocjobs(['serve', '--no-worker'], { ...env, PORT: String(port) });
    children.push(api);
    await waitForOutput(api, /docjobs listening on/);
    const baseUrl = `http://127.0.0.1:${port}`;
    await inParallel(documents.length, 8, async (i) => {
      const { fileName, mimeType, base64 } = documents[i]!;
      const response = await fetch(`${baseUrl}/v1/jobs`, {
        method: 'POST',
        headers: { ...authHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'parse', fileName, mimeType, document: base64 }),
      });
      if (response.status !== 202)
        throw new Error(`submit ${i}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    });
    const terminal = `SELECT count(*) AS n FROM ${schema}.jobs WHERE status IN (${terminalStatuses.map((s) => `'${s}'`).join(', ')})`;
    const workers = Array.from({ length: processes }, () => runDocjobs(['worker'], env));
    children.push(...workers);
    const rate = await timeDrain(workers, /docjobs worker running/, documents.length, async () =>
      Number((await client.query(terminal)).rows[0].n),
    );
    // A throughput of failed jobs would mean nothing.
    const { rows } = await client.query(`SELECT status, count(*) AS n FROM ${schema}.jobs GROUP BY status`);
    const notCompleted = rows.filter((row) => row.status !== 'completed');
    if (notCompleted.length) throw new Error(`jobs not completed: ${JSON.stringify(notCompleted)}`);
    return rate;
  } finally {
    await Promise.all(children.map(stop));
    await client.end();
    await dropSchemas(postgresUrl, [schema, `${schema}_queue`]).catch(console.error);
    dir.remove();
  }
}

/** Jobs per second from the moment every worker is up, counting only what ended after it. */
async function timeDrain(
  workers: RunningProcess[],
  ready: RegExp,
  total: number,
  count: () => Promise<number>,
): Promise<number> {
  await Promise.all(workers.map((worker) => waitForOutput(worker, ready)));
  const startedAt = performance.now();
  const before = await count();
  let done = before;
  while (done < total) {
    if (performance.now() - startedAt > 600_000) throw new Error(`timed out with ${done}/${total} terminal`);
    await sleep(100);
    done = await count();
  }
  return ((total - before) * 1000) / (performance.now() - startedAt);
}

function rawBoss(schema: string, pool: pg.Pool): PgBoss {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) },
    schema,
    backend: 'postgres',
    supervise: false,
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    useListenNotify: true,
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  boss.on('error', () => {});
  return boss;
}

/** The peer's worker process: work the queue with a handler that settles every job at once. */
async function runRawWorker(schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
  pool.on('error', () => {});
  const boss = rawBoss(schema, pool);
  await boss.start();
  await boss.work<{ jobId: string }>(
    rawQueue,
    {
      localConcurrency: 1,
      batchSize,
      burstWhenBatchFull: true,
      perJobResults: true,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 2,
    },
    async (batch) => batch.map((job) => ({ id: job.id, status: 'completed' as const })),
  );
  console.log('raw worker running');
  await new Promise((resolve) => process.once('SIGTERM', resolve));
  await boss.stop({ graceful: false, close: false, timeout: 5000 }).catch(() => {});
  await pool.end();
}

async function benchRawBoss(processes: number): Promise<number> {
  const schema = uniqueName('bench_wraw');
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 10 });
  pool.on('error', () => {});
  const boss = rawBoss(schema, pool);
  const workers: RunningProcess[] = [];
  try {
    await boss.start();
    await boss.createQueue(rawQueue, runQueueOptions({ maxRetries: 3 }));
    await inParallel(jobs, 8, async (i) => {
      await boss.send(rawQueue, { jobId: `noop_${i}` }, { priority: 0, expireInSeconds: 660 });
    });
    const script = new URL(import.meta.url).pathname;
    for (let i = 0; i < processes; i++) {
      workers.push(runProcess([script, '--raw-worker', schema]));
    }
    const finished = `SELECT count(*) AS n FROM ${schema}.job WHERE name = '${rawQueue}' AND state IN ('completed', 'failed', 'cancelled')`;
    return await timeDrain(workers, /raw worker running/, jobs, async () =>
      Number((await pool.query(finished)).rows[0].n),
    );
  } finally {
    await Promise.all(workers.map(stop));
    await boss.stop({ graceful: false, close: false, timeout: 5000 }).catch(() => {});
    await pool.end();
    await dropSchemas(postgresUrl, [schema]).catch(console.error);
  }
}

/** `node SCRIPT ARGS` with the output kept, like runDocjobs but for this script. */
function runProcess(argv: string[]): RunningProcess {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const textDocuments: Document[] = Array.from({ length: jobs }, (_, i) => ({
  fileName: `hello-${i}.txt`,
  mimeType: 'text/plain',
  base64: Buffer.from(`hello ${i}`).toString('base64'),
}));
const ocrDocuments: Document[] = await Promise.all(
  Array.from({ length: ocrJobs }, async (_, i) => ({
    fileName: `scan-${i}.png`,
    mimeType: 'image/png',
    base64: Buffer.from(
      await textImage(
        [
          `RECEIPT No ${1000 + i}`,
          'Coffee beans 1kg      12.50',
          'Milk 2l                 2.30',
          `TOTAL                  ${fixed(14.8 + i, 2)}`,
        ],
        { noise: true },
      ),
    ).toString('base64'),
  })),
);

console.log(
  `workers bench: PostgreSQL, ${counts.join('/')} worker processes × (WORKER_CONCURRENCY=1, OCR_WORKERS=1), batch ${batchSize}; ${jobs} text jobs, ${ocrJobs} OCR jobs`,
);
console.log(machine());
console.log(
  'This machine has 2 cores: CPU-bound work (OCR) cannot scale past 2 processes here; 4 shows the cost of oversubscribing.',
);
const results: { processes: number; text: number; ocr: number; raw: number }[] = [];
for (const processes of counts) {
  const text = await benchDocjobs(processes, textDocuments);
  const ocr = await benchDocjobs(processes, ocrDocuments);
  const raw = await benchRawBoss(processes);
  results.push({ processes, text, ocr, raw });
}
const base = results[0]!;
const scale = (value: number, one: number) => `${fixed(value / one, 2)}x`;
printTable(
  [
    'processes',
    'text jobs/s',
    'scaling',
    'OCR jobs/s',
    'scaling',
    'raw pg-boss no-op/s',
    'scaling',
    'text/raw',
  ],
  results.map((r) => [
    String(r.processes),
    fixed(r.text, 1),
    scale(r.text, base.text),
    fixed(r.ocr, 2),
    scale(r.ocr, base.ocr),
    fixed(r.raw, 1),
    scale(r.raw, base.raw),
    scale(r.text, r.raw),
  ]),
);
