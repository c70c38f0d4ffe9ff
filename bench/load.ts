/**
 * HTTP load: docjobs' submit and status routes under 100 connections, next to bare Fastify routes.
 *
 *   node bench/load.ts [--backend pglite|postgres] [--duration 60] [--connections 100]
 *                      [--concurrency 2]
 *
 * One docjobs instance with its in-process worker on (WORKER_CONCURRENCY=--concurrency), hit by
 * autocannon for --duration seconds on (a) POST /v1/jobs, a JSON submit of a tiny text document
 * (base64), then (b) GET /v1/jobs/{id} cycling over ids of jobs submitted in (a), while the worker
 * is still draining them. Peer, measured first so that it does not share the machine with that
 * drain: a bare Fastify on another port, GET /ping → {ok:true} and a POST that parses a JSON body
 * of the same size. autocannon runs in a worker thread, so the load generator does not take the
 * event loop of the servers it measures (they still share the machine's cores with it).
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import {
  authHeaders,
  type Backend,
  countTerminal,
  fixed,
  machine,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'pglite' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '2' },
  },
});
if (args.backend !== 'pglite' && args.backend !== 'postgres') {
  throw new Error(`--backend must be pglite or postgres, got "${args.backend}"`);
}
const backend: Backend = args.backend;
const duration = positiveInt('duration', args.duration);
const connections = positiveInt('connections', args.connections);
const concurrency = positiveInt('concurrency', args.concurrency);

/** The part of autocannon's API used here (the package ships no types). */
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  workers: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  requests?: { method: 'GET'; path: string }[];
}
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: CannonOptions,
) => Promise<CannonResult>;

const submitBody = JSON.stringify({
  type: 'parse',
  fileName: 'hello.txt',
  mimeType: 'text/plain',
  document: Buffer.from('Hello from the load bench.\nA tiny text document, two lines.\n').toString('base64'),
});
const jsonHeaders = { ...authHeaders, 'content-type': 'application/json' };

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  tooMany: number;
}

async function fire(
  url: string,
  options: Omit<CannonOptions, 'url' | 'connections' | 'duration' | 'workers'>,
): Promise<Measured> {
  const result = await autocannon({ url, connections, duration, workers: 1, ...options });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    tooMany: result.statusCodeStats?.['429']?.count ?? 0,
  };
}

async function benchBare(): Promise<{ post: Measured; get: Measured }> {
  const app = Fastify({ logger: false });
  app.get('/ping', async () => ({ ok: true }));
  // Fastify parses the JSON body before the handler runs, as it does for docjobs' submit route.
  app.post('/echo', async (request, reply) =>
    reply.code(202).send({ ok: (request.body as object) !== null }),
  );
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const post = await fire(`${baseUrl}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: submitBody,
    });
    const get = await fire(`${baseUrl}/ping`, {});
    return { post, get };
  } finally {
    await app.close();
  }
}

async function benchDocjobs(): Promise<{
  post: Measured;
  get: Measured;
  submitted: number;
  drained: number;
}> {
  const instance = await startBenchInstance({ backend, worker: true, concurrency });
  const { docjobs, baseUrl } = instance;
  try {
    const post = await fire(`${baseUrl}/v1/jobs`, { method: 'POST', headers: jsonHeaders, body: submitBody });
    // The ids the status route is asked about: the most recent submits, many still queued or running.
    const rows = await docjobs.ctx.db.query<{ id: string }>(
      'SELECT id FROM jobs ORDER BY created_at DESC LIMIT 1000',
    );
    const requests = rows.map((row) => ({ method: 'GET' as const, path: `/v1/jobs/${row.id}` }));
    const get = await fire(`${baseUrl}/v1/jobs`, { headers: authHeaders, requests });
    return { post, get, submitted: post.total - post.non2xx, drained: await countTerminal(docjobs) };
  } finally {
    await instance.close();
  }
}

console.log(
  `load bench: ${backend}, ${connections} connections, ${duration} s per route, worker concurrency ${concurrency}`,
);
console.log(machine());
const bare = await benchBare();
const ours = await benchDocjobs();

const row = (name: string, m: Measured) => [
  name,
  fixed(m.requestsPerSecond),
  fixed(m.p50),
  fixed(m.p99),
  String(m.errors),
  String(m.non2xx),
  String(m.tooMany),
];
printTable(
  ['route', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'of which 429'],
  [
    row('docjobs POST /v1/jobs (JSON submit)', ours.post),
    row('bare Fastify POST /echo (same body)', bare.post),
    row('docjobs GET /v1/jobs/{id} (draining)', ours.get),
    row('bare Fastify GET /ping', bare.get),
  ],
);
console.log();
const ratio = (a: number, b: number) => `${fixed(a / b, a < b ? 3 : 1)}x`;
printTable(
  ['docjobs / bare', 'req/s', 'p50', 'p99'],
  [
    [
      'submit vs POST /echo',
      ratio(ours.post.requestsPerSecond, bare.post.requestsPerSecond),
      ratio(ours.post.p50, bare.post.p50),
      ratio(ours.post.p99, bare.post.p99),
    ],
    [
      'status vs GET /ping',
      ratio(ours.get.requestsPerSecond, bare.get.requestsPerSecond),
      ratio(ours.get.p50, bare.get.p50),
      ratio(ours.get.p99, bare.get.p99),
    ],
  ],
);
console.log(
  `${ours.submitted} jobs accepted; ${ours.drained} terminal when the status run ended (worker drained them meanwhile)`,
);
