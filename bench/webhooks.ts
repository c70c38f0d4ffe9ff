/**
 * Webhooks end to end: N tiny text jobs complete, each announced to a receiver on 127.0.0.1 that
 * answers 500 to the first `--fail-first` attempts of every delivery (by webhook-id), then 200.
 *
 *   node bench/webhooks.ts [--backend pglite|postgres|both] [--jobs 1000] [--fail-first 2]
 *                          [--retry-base-ms 1000] [--clients 8]
 *
 * docjobs: the organisation's webhook points at the receiver; jobs are submitted over HTTP with the
 * worker running; we wait until the receiver has accepted one delivery per job. The receiver checks
 * every signature with node:crypto on its own. Figures: deliveries accepted / lost, signatures
 * valid, attempts, time from the job's terminal state (jobs.completed_at) to its first attempt and
 * to its acceptance, and each POST's latency as the sender measured it.
 * Peer: the same receiver, the same number of POSTs (N ids × (fail-first + 1)), sent by a plain
 * loop of fetch() calls with 50 in flight (docjobs' sender has up to 50): what a POST costs with no
 * outbox, queue, claim or log around it.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import {
  authHeaders,
  type Backend,
  backendsOf,
  fixed,
  inParallel,
  machine,
  pollUntil,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'pglite' },
    jobs: { type: 'string', default: '1000' },
    'fail-first': { type: 'string', default: '2' },
    // Production default is 5000 (WEBHOOK_RETRY_BASE_MS); 1000 keeps a run short, same mechanism.
    'retry-base-ms': { type: 'string', default: '1000' },
    clients: { type: 'string', default: '8' },
  },
});
const jobs = positiveInt('jobs', args.jobs);
const failFirst = Number(args['fail-first']);
const retryBaseMs = positiveInt('retry-base-ms', args['retry-base-ms']);
const clients = positiveInt('clients', args.clients);
const inFlight = 50;

/** The receiver: fails the first attempts of each webhook-id, checks every signature. */
async function startReceiver() {
  const state = { secret: '', requests: 0, badSignatures: 0, accepted: new Set<string>(), duplicates: 0 };
  const attempts = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.requests++;
      const id = String(req.headers['webhook-id']);
      const body = Buffer.concat(chunks).toString();
      const key = Buffer.from(state.secret.slice('whsec_'.length), 'base64');
      const expected = `v1,${createHmac('sha256', key).update(`${id}.${req.headers['webhook-timestamp']}.${body}`).digest('base64')}`;
      if (req.headers['webhook-signature'] !== expected) state.badSignatures++;
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      if (n <= failFirst) return res.writeHead(500).end();
      if (state.accepted.has(id)) state.duplicates++;
      state.accepted.add(id);
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    reset() {
      attempts.clear();
      state.requests = 0;
      state.badSignatures = 0;
      state.duplicates = 0;
      state.accepted.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const percentile = (xs: readonly number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

interface Figures {
  posts: number;
  accepted: number;
  lost: number;
  badSignatures: number;
  duplicates: number;
  toFirstAttempt: number[] | null;
  toDelivered: number[] | null;
  postLatency: number[];
  wallMs: number;
}

async function benchDocjobs(backend: Backend, receiver: Receiver): Promise<Figures> {
  process.env.WEBHOOK_ALLOW_PRIVATE = 'true';
  process.env.WEBHOOK_RETRY_BASE_MS = String(retryBaseMs);
  const instance = await startBenchInstance({ backend, worker: true, concurrency: 2 });
  const { docjobs, baseUrl } = instance;
  try {
    receiver.reset();
    const put = await fetch(`${baseUrl}/v1/settings/webhook`, {
      method: 'PUT',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url }),
    });
    if (put.status !== 200) throw new Error(`PUT setting: ${put.status} ${await put.text()}`);
    receiver.state.secret = ((await put.json()) as { secret: string }).secret;

    const started = performance.now();
    await inParallel(jobs, clients, async (i) => {
      const form = new FormData();
      form.append('file', new Blob([`hello webhook ${i}`], { type: 'text/plain' }), `hook-${i}.txt`);
      const response = await fetch(`${baseUrl}/v1/jobs`, {
        method: 'POST',
        headers: authHeaders,
        body: form,
      });
      if (response.status !== 202)
        throw new Error(`submit ${i}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    });
    const wallMs = await pollUntil(async () => receiver.state.accepted.size, jobs, started, {
      timeoutMs: 300_000,
    });

    const db = docjobs.ctx.db;
    const timings = await db.query<{ first_ms: number }>(
      `SELECT extract(epoch FROM a.at - j.completed_at) * 1000 AS first_ms
       FROM webhook_deliveries d JOIN jobs j ON j.id = d.job_id
       JOIN webhook_attempts a ON a.delivery_id = d.id AND a.attempt = 1`,
    );
    // delivered_at is written just after the receiver answered: wait for the last few.
    await pollUntil(
      async () =>
        Number(
          (
            await db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'`,
            )
          )[0]?.n,
        ),
      jobs,
      performance.now(),
      { timeoutMs: 30_000 },
    );
    const [counts] = await db.query<{
      deliveries: number;
      delivered: number;
      jobs_without: number;
      posts: number;
    }>(
      `SELECT (SELECT count(*)::int FROM webhook_deliveries) AS deliveries,
              (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'delivered') AS delivered,
              (SELECT count(*)::int FROM jobs j WHERE NOT EXISTS
                 (SELECT 1 FROM webhook_deliveries d WHERE d.job_id = j.id)) AS jobs_without,
              (SELECT count(*)::int FROM webhook_attempts) AS posts`,
    );
    const latencies = await db.query<{ latency_ms: number }>('SELECT latency_ms FROM webhook_attempts');
    const delivered = await db.query<{ ms: number }>(
      `SELECT extract(epoch FROM d.delivered_at - j.completed_at) * 1000 AS ms
       FROM webhook_deliveries d JOIN jobs j ON j.id = d.job_id WHERE d.status = 'delivered'`,
    );
    if (counts!.deliveries !== jobs || counts!.jobs_without !== 0) {
      throw new Error(`expected one delivery per job: ${JSON.stringify(counts)}`);
    }
    return {
      posts: counts!.posts,
      accepted: receiver.state.accepted.size,
      lost: jobs - counts!.delivered,
      badSignatures: receiver.state.badSignatures,
      duplicates: receiver.state.duplicates,
      toFirstAttempt: timings.map((t) => Number(t.first_ms)),
      toDelivered: delivered.map((t) => Number(t.ms)),
      postLatency: latencies.map((l) => l.latency_ms),
      wallMs,
    };
  } finally {
    await instance.close();
  }
}

/** The same POSTs from a plain fetch loop: signed the same way, 50 in flight, retried at once. */
async function benchFetchLoop(receiver: Receiver): Promise<Figures> {
  receiver.reset();
  receiver.state.secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const key = Buffer.from(receiver.state.secret.slice(6), 'base64');
  const postLatency: number[] = [];
  let posts = 0;
  const started = performance.now();
  await inParallel(jobs, inFlight, async (i) => {
    const id = `msg_loop_${i}`;
    const body = JSON.stringify({ type: 'job.completed', jobId: `job_${i}`, status: 'completed' });
    for (;;) {
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
      const t = performance.now();
      const response = await fetch(receiver.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
        },
        body,
        redirect: 'manual',
      });
      await response.arrayBuffer();
      postLatency.push(performance.now() - t);
      posts++;
      if (response.ok) return;
    }
  });
  return {
    posts,
    accepted: receiver.state.accepted.size,
    lost: jobs - receiver.state.accepted.size,
    badSignatures: receiver.state.badSignatures,
    duplicates: receiver.state.duplicates,
    toFirstAttempt: null,
    toDelivered: null,
    postLatency,
    wallMs: performance.now() - started,
  };
}

const pair = (xs: number[] | null, digits = 0) =>
  xs ? `${fixed(percentile(xs, 50), digits)} / ${fixed(percentile(xs, 95), digits)}` : '—';

console.log(
  `webhooks bench: ${jobs} jobs, receiver fails the first ${failFirst} attempts of each delivery, retry base ${retryBaseMs} ms`,
);
console.log(machine());
const receiver = await startReceiver();
const columns: [string, Figures][] = [];
try {
  for (const backend of backendsOf(args.backend))
    columns.push([`docjobs (${backend})`, await benchDocjobs(backend, receiver)]);
  columns.push(['plain fetch loop', await benchFetchLoop(receiver)]);
} finally {
  await receiver.close();
}
const row = (name: string, cell: (f: Figures) => string) => [name, ...columns.map(([, f]) => cell(f))];
printTable(
  ['', ...columns.map(([name]) => name)],
  [
    row('POSTs sent', (f) => fixed(f.posts)),
    row('deliveries accepted', (f) => `${fixed(f.accepted)} / ${fixed(jobs)}`),
    row('lost', (f) => fixed(f.lost)),
    row('invalid signatures', (f) => fixed(f.badSignatures)),
    row('accepted twice', (f) => fixed(f.duplicates)),
    row('terminal → 1st attempt p50 / p95 ms', (f) => pair(f.toFirstAttempt)),
    row('terminal → accepted p50 / p95 ms', (f) => pair(f.toDelivered)),
    row('POST latency p50 / p95 ms', (f) => pair(f.postLatency, 1)),
    row('wall time s (from first submit)', (f) => fixed(f.wallMs / 1000, 1)),
  ],
);
