/**
 * The retention purge over a large backlog, and what it does to API latency meanwhile.
 *
 *   node bench/purge.ts [--backend pglite|postgres|both] [--jobs 100000] [--blobs with|without|both]
 *                       [--batch 500] [--rate 20] [--baseline-seconds 10]
 *
 * Per backend: `--jobs` terminal jobs past their expiry are inserted with one INSERT … SELECT
 * generate_series (plus 2,000 live jobs the API reads), each with a 200-byte document blob on the
 * filesystem when `--blobs with`. Then a separate load process (so the client does not share the
 * server's event loop) sends `--rate` requests a second, open loop (each on its schedule, whether or
 * not the previous one answered), alternating GET /v1/jobs (limit 50, with its total) and
 * GET /v1/jobs/{id} (random ids over all rows), over HTTP:
 *   - baseline (the peer): `--baseline-seconds` with nothing else running;
 *   - during: while services/purge.ts expires the whole backlog (the code the scheduled job runs).
 * The server runs with worker: false, so nothing else touches the database.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { documentKey } from '../src/blobs/blob-store.ts';
import { purgeExpired } from '../src/services/purge.ts';
import {
  authHeaders,
  type Backend,
  backendsOf,
  fixed,
  inParallel,
  machine,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

interface Latencies {
  list: number[];
  get: number[];
}

if (process.env.BENCH_PURGE_LOAD) await loadProcess();
else await main();

async function main() {
  const { values: args } = parseArgs({
    options: {
      backend: { type: 'string', default: 'both' },
      jobs: { type: 'string', default: '100000' },
      blobs: { type: 'string', default: 'both' },
      batch: { type: 'string', default: '500' },
      rate: { type: 'string', default: '20' },
      'baseline-seconds': { type: 'string', default: '10' },
    },
  });
  const jobs = positiveInt('jobs', args.jobs);
  const batch = positiveInt('batch', args.batch);
  const rate = positiveInt('rate', args.rate);
  const baselineSeconds = positiveInt('baseline-seconds', args['baseline-seconds']);
  const blobModes = args.blobs === 'both' ? [false, true] : [args.blobs === 'with'];
  if (!['with', 'without', 'both'].includes(args.blobs))
    throw new Error('--blobs must be with, without or both');

  console.log(
    `purge bench: ${fixed(jobs)} expired jobs, batch ${batch}, API load ${rate} requests/s; ${machine()}`,
  );
  const rows: string[][] = [];
  for (const backend of backendsOf(args.backend)) {
    for (const withBlobs of blobModes) {
      const measured = await benchOne(backend, { jobs, batch, rate, baselineSeconds, withBlobs });
      const p = (xs: number[], q: number) => fixed(percentile(xs, q), 1);
      rows.push([
        `${backend}, ${withBlobs ? 'with' : 'no'} blobs`,
        fixed(measured.setupMs / 1000, 1),
        fixed(measured.purgeMs / 1000, 1),
        fixed(jobs / (measured.purgeMs / 1000)),
        `${p(measured.baseline.list, 0.5)} / ${p(measured.baseline.list, 0.95)}`,
        `${p(measured.during.list, 0.5)} / ${p(measured.during.list, 0.95)}`,
        `${p(measured.baseline.get, 0.5)} / ${p(measured.baseline.get, 0.95)}`,
        `${p(measured.during.get, 0.5)} / ${p(measured.during.get, 0.95)}`,
        `${measured.baseline.list.length + measured.baseline.get.length} / ${measured.during.list.length + measured.during.get.length}`,
      ]);
      console.error(`  ${rows.at(-1)!.join(' | ')}`); // as it goes: a run takes minutes
    }
  }
  console.log();
  printTable(
    [
      'backend',
      'setup s',
      'purge s',
      'jobs/s',
      'list p50/p95 ms: no purge',
      'during purge',
      'get p50/p95 ms: no purge',
      'during purge',
      'requests (base/during)',
    ],
    rows,
  );
}

async function benchOne(
  backend: Backend,
  options: { jobs: number; batch: number; rate: number; baselineSeconds: number; withBlobs: boolean },
) {
  const instance = await startBenchInstance({ backend, worker: false, concurrency: 1 });
  const { docjobs, baseUrl } = instance;
  const { db, blobs } = docjobs.ctx;
  try {
    const setupStart = performance.now();
    const [org] = await db.query<{ id: string }>(`SELECT id FROM organisations WHERE name = 'default'`);
    // Expired a day or more ago, created 30 days ago; every terminal status but `expired`.
    await db.query(
      `INSERT INTO jobs (id, org_id, type, status, file_name, mime_type, size_bytes, document_key, metadata,
                         timeout_seconds, progress, created_at, started_at, completed_at, expires_at)
       SELECT 'job_bench' || lpad(i::text, 17, '0'), $1, 'parse',
              (ARRAY['completed', 'partial', 'failed', 'timeout', 'cancelled'])[1 + i % 5],
              'doc-' || i || '.txt', 'text/plain', 200,
              CASE WHEN $3 THEN 'jobs/job_bench' || lpad(i::text, 17, '0') || '/document' END,
              jsonb_build_object('batch', (i / 1000)::text), 600, 100,
              date_trunc('milliseconds', now() - interval '30 days' + i * interval '1 ms'),
              now() - interval '30 days', now() - interval '30 days',
              now() - interval '16 days' + i * interval '1 ms'
       FROM generate_series(1, $2::int) AS i`,
      [org!.id, options.jobs, options.withBlobs],
    );
    // What the API lists: recent, live jobs.
    await db.query(
      `INSERT INTO jobs (id, org_id, type, status, file_name, size_bytes, timeout_seconds, progress, created_at, expires_at)
       SELECT 'job_live' || lpad(i::text, 18, '0'), $1, 'parse', 'completed', 'live.txt', 10, 600, 100,
              date_trunc('milliseconds', now() - i * interval '1 second'), now() + interval '14 days'
       FROM generate_series(1, 2000) AS i`,
      [org!.id],
    );
    if (options.withBlobs) {
      const bytes = new Uint8Array(200).fill(65);
      await inParallel(options.jobs, 32, async (i) => {
        await blobs.put(documentKey(`job_bench${String(i + 1).padStart(17, '0')}`), bytes);
      });
    }
    await db.query('ANALYZE jobs');
    const setupMs = performance.now() - setupStart;
    const ids = (await db.query<{ id: string }>('SELECT id FROM jobs ORDER BY random() LIMIT 2000')).map(
      (row) => row.id,
    );

    const load = startLoad(baseUrl, ids, options.rate);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // warm-up, not counted
    await load.mark();
    await new Promise((resolve) => setTimeout(resolve, options.baselineSeconds * 1000));
    const baseline = await load.mark();
    const purgeStart = performance.now();
    const report = await purgeExpired(docjobs.ctx, { batchSize: options.batch });
    const purgeMs = performance.now() - purgeStart;
    const during = await load.mark();
    await load.stop();
    if (report.expired !== options.jobs) throw new Error(`expired ${report.expired} of ${options.jobs}`);
    const [left] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM jobs WHERE status = 'expired' AND document_key IS NULL`,
    );
    if (left!.n !== options.jobs) throw new Error(`only ${left!.n} rows expired`);
    return { setupMs, purgeMs, baseline, during };
  } finally {
    await instance.close();
  }
}

/** The load generator in a child process; `mark()` returns the latencies since the previous mark. */
function startLoad(baseUrl: string, ids: string[], rate: number) {
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, [], {
    env: { ...process.env, BENCH_PURGE_LOAD: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send({ baseUrl, ids, rate });
  const ask = () =>
    new Promise<Latencies>((resolve) => {
      child.once('message', (message) => resolve(message as Latencies));
      child.send('mark');
    });
  return {
    mark: ask,
    async stop() {
      child.send('stop');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function loadProcess() {
  const setup = await new Promise<{ baseUrl: string; ids: string[]; rate: number }>((resolve) =>
    process.once('message', (message) => resolve(message as never)),
  );
  let current: Latencies = { list: [], get: [] };
  let running = true;
  process.on('message', (message) => {
    if (message === 'mark') {
      process.send!(current);
      current = { list: [], get: [] };
    } else if (message === 'stop') {
      running = false;
    }
  });
  const timed = async (url: string, into: 'list' | 'get') => {
    const started = performance.now();
    const response = await fetch(url, { headers: authHeaders });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} → ${response.status}`);
    current[into].push(performance.now() - started);
  };
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let i = 0; running; i++) {
    const due = started + (i * 1000) / setup.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const request: Promise<void> = (
      i % 2 === 0
        ? timed(`${setup.baseUrl}/v1/jobs?limit=50`, 'list')
        : timed(`${setup.baseUrl}/v1/jobs/${setup.ids[i % setup.ids.length]}`, 'get')
    ).finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  process.disconnect();
}

function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
