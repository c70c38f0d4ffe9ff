/**
 * What a /metrics scrape costs now that it goes through prom-client: docjobs' exposition (its
 * docjobs_ gauges from the database, cached 5 s, plus prom-client's process and Node.js metrics)
 * beside a peer that serves prom-client's default metrics alone from a bare Fastify route, in the
 * same process, both over real HTTP on 127.0.0.1.
 *
 *   node bench/metrics.ts [--jobs 200] [--scrapes 300]
 *
 * PGlite, no worker: `--jobs` text jobs are submitted first so the job gauges have rows to count.
 * Rows: the first scrape (it imports prom-client and starts its collectors: nothing of it is paid at
 * start), warm scrapes (the database part from cache, as most scrapes are), cold scrapes (a new
 * metrics object each time, so the two scans of `jobs` and pg-boss's counts are run: what one
 * scrape in 5 s costs), with wall and CPU milliseconds per scrape and the size of the text.
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { createMetrics } from '../src/services/metrics.ts';
import { authHeaders, fixed, machine, median, positiveInt, printTable, startBenchInstance } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    scrapes: { type: 'string', default: '300' },
  },
});
const jobs = positiveInt('jobs', args.jobs);
const scrapes = positiveInt('scrapes', args.scrapes);

interface Measured {
  wallMs: number[];
  cpuMs: number;
  bytes: number;
}

async function measure(times: number, scrape: () => Promise<string>): Promise<Measured> {
  const wallMs: number[] = [];
  let bytes = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    bytes = (await scrape()).length;
    wallMs.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 / times, bytes };
}

const get = async (url: string) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} → ${response.status}`);
  return response.text();
};

console.log(`machine: ${machine()}`);
const instance = await startBenchInstance({ backend: 'pglite', worker: false, concurrency: 1 });
const peer = Fastify();
try {
  for (let i = 0; i < jobs; i++) {
    const response = await fetch(`${instance.baseUrl}/v1/jobs`, {
      method: 'POST',
      headers: { ...authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ document: Buffer.from(`job ${i}`).toString('base64'), fileName: `${i}.txt` }),
    });
    if (response.status !== 202) throw new Error(`submit → ${response.status} ${await response.text()}`);
  }
  const rssBefore = process.memoryUsage().rss;
  const first = await measure(1, () => get(`${instance.baseUrl}/metrics`));
  const rssAfterFirst = process.memoryUsage().rss;

  // Imported only now, so that the first scrape above paid for loading prom-client, as in a server.
  const { collectDefaultMetrics, Registry } = await import('prom-client');
  const peerRegistry = new Registry();
  collectDefaultMetrics({ register: peerRegistry });
  peer.get('/metrics', async (_request, reply) => {
    reply.type(peerRegistry.contentType);
    return peerRegistry.metrics();
  });
  const peerUrl = `${await peer.listen({ port: 0, host: '127.0.0.1' })}/metrics`;
  await measure(20, () => get(peerUrl)); // warm-up of both
  await measure(20, () => get(`${instance.baseUrl}/metrics`));

  // Alternating rounds, so that the noise of a shared machine falls on both alike.
  const rounds = 5;
  const runs = { warm: [] as Measured[], cold: [] as Measured[], peer: [] as Measured[] };
  for (let round = 0; round < rounds; round++) {
    runs.peer.push(await measure(scrapes / rounds, () => get(peerUrl)));
    runs.warm.push(await measure(scrapes / rounds, () => get(`${instance.baseUrl}/metrics`)));
    runs.cold.push(await measure(scrapes / rounds / 5, () => createMetrics(instance.docjobs.ctx).render()));
  }
  const summary = (list: Measured[]) => ({
    wall: median(list.flatMap((m) => m.wallMs)),
    cpu: median(list.map((m) => m.cpuMs)),
    bytes: list.at(-1)!.bytes,
  });
  const peerFigures = summary(runs.peer);
  const row = (name: string, figures: { wall: number; cpu: number; bytes: number }) => [
    name,
    fixed(figures.wall, 2),
    fixed(figures.cpu, 2),
    fixed(figures.wall / peerFigures.wall, 2),
    fixed(figures.bytes),
  ];
  console.log(`\n${jobs} jobs in the database; ${scrapes} scrapes each, median of 5 alternating rounds\n`);
  printTable(
    ['scrape', 'wall ms', 'CPU ms', 'x peer', 'bytes'],
    [
      row('peer: Fastify + prom-client defaults', peerFigures),
      row('docjobs /metrics, warm (cached 5 s)', summary(runs.warm)),
      row('docjobs render, cold (database read)', summary(runs.cold)),
      row('docjobs /metrics, first of the process', {
        wall: first.wallMs[0]!,
        cpu: first.cpuMs,
        bytes: first.bytes,
      }),
    ],
  );
  console.log(
    `\nRSS added by the first scrape (prom-client and its collectors): ${fixed((rssAfterFirst - rssBefore) / 1048576, 1)} MB`,
  );
} finally {
  await peer.close();
  await instance.close();
}
