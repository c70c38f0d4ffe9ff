/**
 * Queue throughput: docjobs end to end vs raw pg-boss configured the same way, same database kind.
 *
 *   node bench/engine.ts [--backend pglite|postgres|both] [--jobs 2000] [--concurrency 2]
 *                        [--batch-size 10] [--clients 8] [--rounds 1]
 *
 * docjobs: N tiny text/plain documents submitted over HTTP (multipart, `--clients` requests in
 * flight) with the worker off; then a worker starts and we time the drain until every job row is
 * terminal (polled every 100 ms). Raw pg-boss: N no-op jobs sent through `send()` (the same
 * per-job call docjobs makes inside its submit transaction), then `work()` with the work options
 * of src/engine/worker.ts and a handler that does nothing; same 100 ms poll on its job table.
 */
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fromPglite, PgBoss } from 'pg-boss';
import { startWorker } from '../src/engine/worker.ts';
import { runQueueOptions } from '../src/store/queue.ts';
import {
  authHeaders,
  type Backend,
  backendsOf,
  countTerminal,
  dropSchemas,
  fixed,
  inParallel,
  machine,
  makeTempDir,
  median,
  pollUntil,
  positiveInt,
  postgresUrl,
  printTable,
  startBenchInstance,
  uniqueName,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    jobs: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '2' },
    // 4 is startWorker's default (src/engine/worker.ts); both sides get the same value.
    'batch-size': { type: 'string', default: '10' },
    clients: { type: 'string', default: '8' },
    // The machine is shared and noisy: docjobs and raw alternate, and each column is the median.
    rounds: { type: 'string', default: '1' },
  },
});
const jobs = positiveInt('jobs', args.jobs);
const concurrency = positiveInt('concurrency', args.concurrency);
const batchSize = positiveInt('batch-size', args['batch-size']);
const clients = positiveInt('clients', args.clients);
const rounds = positiveInt('rounds', args.rounds);

interface Measured {
  submitMs: number;
  drainMs: number;
  completed: number;
}

async function benchDocjobs(backend: Backend): Promise<Measured> {
  const instance = await startBenchInstance({ backend, worker: false, concurrency });
  const { docjobs, baseUrl } = instance;
  try {
    const submitStart = performance.now();
    await inParallel(jobs, clients, async (i) => {
      const form = new FormData();
      form.append('file', new Blob([`hello ${i}`], { type: 'text/plain' }), `hello-${i}.txt`);
      const response = await fetch(`${baseUrl}/v1/jobs`, {
        method: 'POST',
        headers: authHeaders,
        body: form,
      });
      if (response.status !== 202)
        throw new Error(`submit ${i}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    });
    const submitMs = performance.now() - submitStart;

    const drainStart = performance.now();
    const worker = await startWorker(docjobs.ctx, { concurrency, batchSize });
    const drainMs = await pollUntil(() => countTerminal(docjobs), jobs, drainStart);
    await worker.stop({ graceMs: 5000 });
    const [row] = await docjobs.ctx.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM jobs WHERE status = 'completed'`,
    );
    return { submitMs, drainMs, completed: Number(row?.n ?? 0) };
  } finally {
    await instance.close();
  }
}

/** pg-boss as src/store/queue.ts builds it, on a database adapter shaped like docjobs' own. */
async function benchRawBoss(backend: Backend): Promise<Measured> {
  const dir = makeTempDir('pgboss-bench');
  const bossSchema = uniqueName('bench_raw');
  let pglite: PGlite | null = null;
  let pool: pg.Pool | null = null;
  let boss: PgBoss | null = null;
  try {
    let query: (text: string) => Promise<Record<string, unknown>[]>;
    let db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
    if (backend === 'pglite') {
      const lite = await PGlite.create(`${dir.path}/pg`);
      pglite = lite;
      db = fromPglite(lite);
      query = async (text) => (await lite.query<Record<string, unknown>>(text)).rows;
    } else {
      const p = new pg.Pool({ connectionString: postgresUrl, max: 10 });
      pool = p;
      p.on('error', () => {});
      db = { executeSql: (text, values) => p.query(text, values) };
      query = async (text) => (await p.query(text)).rows;
    }
    const queue = 'bench-noop';
    boss = new PgBoss({
      db,
      schema: bossSchema,
      backend,
      // As docjobs' API-only instance in benchDocjobs: started with worker: false → supervise off.
      supervise: false,
      superviseIntervalSeconds: 5,
      monitorIntervalSeconds: 5,
      useListenNotify: true,
      registerInstance: false,
      openTelemetry: { enabled: false },
    });
    boss.on('error', () => {});
    await boss.start();
    await boss.createQueue(queue, runQueueOptions({ maxRetries: 3 }));
    const b = boss;
    const submitStart = performance.now();
    await inParallel(jobs, clients, async (i) => {
      await b.send(queue, { jobId: `noop_${i}` }, { priority: 0, expireInSeconds: 660 });
    });
    const submitMs = performance.now() - submitStart;

    const finished = `SELECT count(*) AS n FROM ${bossSchema}.job WHERE name = '${queue}'`;
    const count = async (states: string) =>
      Number((await query(`${finished} AND state IN (${states})`))[0]?.n ?? 0);
    const drainStart = performance.now();
    // The work options of src/engine/worker.ts, with a handler that settles every job at once.
    const workId = await b.work<{ jobId: string }>(
      queue,
      {
        localConcurrency: concurrency,
        batchSize,
        burstWhenBatchFull: true,
        perJobResults: true,
        pollingIntervalSeconds: 0.5,
        notifyPollingIntervalSeconds: 2,
      },
      async (batch) => batch.map((job) => ({ id: job.id, status: 'completed' as const })),
    );
    const drainMs = await pollUntil(() => count(`'completed', 'failed', 'cancelled'`), jobs, drainStart);
    await b.offWork(queue, { id: workId, wait: true });
    return { submitMs, drainMs, completed: await count(`'completed'`) };
  } finally {
    await boss?.stop({ graceful: false, close: false, timeout: 5000 }).catch(() => {});
    await pglite?.close().catch(() => {});
    await pool?.end().catch(() => {});
    if (backend === 'postgres') await dropSchemas(postgresUrl, [bossSchema]).catch(console.error);
    dir.remove();
  }
}

const medianOf = (runs: Measured[]): Measured => ({
  submitMs: median(runs.map((m) => m.submitMs)),
  drainMs: median(runs.map((m) => m.drainMs)),
  completed: Math.min(...runs.map((m) => m.completed)),
});

const perSecond = (ms: number) => (jobs * 1000) / ms;

console.log(
  `engine bench: ${jobs} jobs, concurrency ${concurrency}, batch ${batchSize}, ${clients} clients, median of ${rounds}`,
);
console.log(machine());
const rows: string[][] = [];
for (const backend of backendsOf(args.backend)) {
  const oursRuns: Measured[] = [];
  const rawRuns: Measured[] = [];
  for (let round = 0; round < rounds; round++) {
    oursRuns.push(await benchDocjobs(backend));
    rawRuns.push(await benchRawBoss(backend));
  }
  const ours = medianOf(oursRuns);
  const raw = medianOf(rawRuns);
  for (const [name, m] of [
    ['docjobs', ours],
    ['raw pg-boss', raw],
  ] as const) {
    rows.push([
      `${backend} ${name}`,
      fixed(perSecond(m.submitMs)),
      fixed(perSecond(m.drainMs)),
      fixed(m.drainMs / 1000, 2),
      `${m.completed}/${jobs}`,
    ]);
  }
  rows.push([
    `${backend} docjobs/raw`,
    `${fixed(perSecond(ours.submitMs) / perSecond(raw.submitMs), 2)}x`,
    `${fixed(perSecond(ours.drainMs) / perSecond(raw.drainMs), 2)}x`,
    '',
    '',
  ]);
}
console.log('');
printTable(['run', 'submit jobs/s', 'drain jobs/s', 'drain s', 'completed'], rows);
console.log('\nsubmit: docjobs = HTTP multipart + blob + job row + send() in one tx; raw = send() alone.');
console.log('target (drain): docjobs >= 0.5x raw pg-boss on each backend.');
