/**
 * @docjobs/client against its peer, the same work written with raw fetch (issue 17: the client's
 * overhead ≤ 10 %).
 *
 *   node bench/client.ts [--jobs 1000] [--in-flight 20] [--rounds 2] [--workers 4]
 *
 * A `docjobs serve` child process (PGlite, in-process worker, WORKER_CONCURRENCY=--workers) gets
 * `--jobs` tiny text documents, `--in-flight` at a time, each submitted and waited for:
 *   - client: `docjobs.submitAndWait({ file: Blob, fileName })` (multipart, an Idempotency-Key,
 *     then the long poll GET /v1/jobs/{id}?wait=30 until the job is terminal);
 *   - raw fetch: the same requests by hand, FormData and the same long poll, no error handling
 *     beyond "not 2xx: throw" (what a script without the SDK would do).
 * The server is a separate process so that the client's work is not mixed with the server's on
 * one event loop. Rounds alternate (client, fetch, client, fetch …) so that a change in the
 * shared machine's load weighs on both; the table gives each side's total wall time, jobs/s, the
 * p50/p95 of one submit-and-wait, and this process's CPU time (the client's own cost, which the
 * wall time mostly hides behind the server's).
 */
import { parseArgs } from 'node:util';
import { Docjobs } from '../packages/client/src/index.ts';
import { startChild, stopChild } from './child-process.ts';
import { benchKey, fixed, inParallel, machine, makeTempDir, positiveInt, printTable } from './lib.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    workers: { type: 'string', default: '4' },
  },
});
const jobs = positiveInt('jobs', values.jobs);
const inFlight = positiveInt('in-flight', values['in-flight']);
const rounds = positiveInt('rounds', values.rounds);

interface Side {
  name: string;
  one: (i: number, round: number) => Promise<void>;
  wallMs: number;
  cpuMs: number;
  latencies: number[];
}

const percentile = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
};

const dir = makeTempDir('docjobs-bench-client');
const server = await startChild(
  ['bin/docjobs.js', 'serve'],
  {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    DATA_DIR: dir.path,
    WORKER_CONCURRENCY: values.workers,
    DOCJOBS_BOOTSTRAP_API_KEY: benchKey,
  },
  /listening on (http:\/\/127\.0\.0\.1:\d+)/,
);
try {
  const base = server.url!;
  const auth = { authorization: `Bearer ${benchKey}` };
  const document = (i: number, round: number) =>
    new Blob([`Tiny document ${round}-${i}: a line of text to parse.\n`], { type: 'text/plain' });
  const docjobs = new Docjobs({ baseUrl: base, apiKey: benchKey });

  async function rawSubmitAndWait(i: number, round: number): Promise<void> {
    const form = new FormData();
    form.set('type', 'parse');
    form.set('file', document(i, round), `tiny-${round}-${i}.txt`);
    const submitted = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      body: form,
      headers: { ...auth, 'idempotency-key': crypto.randomUUID() },
    });
    if (!submitted.ok) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
    const { id } = (await submitted.json()) as { id: string };
    for (;;) {
      const response = await fetch(`${base}/v1/jobs/${id}?wait=30`, { headers: auth });
      if (!response.ok) throw new Error(`get: ${response.status}`);
      const job = (await response.json()) as { status: string };
      if (job.status === 'completed') return;
      if (['partial', 'failed', 'timeout', 'cancelled', 'expired'].includes(job.status))
        throw new Error(`${id} ${job.status}`);
    }
  }

  const sides: Side[] = [
    {
      name: '@docjobs/client submitAndWait',
      one: async (i, round) => {
        await docjobs.submitAndWait({
          file: document(i, round),
          fileName: `tiny-${round}-${i}.txt`,
          type: 'parse',
        });
      },
      wallMs: 0,
      cpuMs: 0,
      latencies: [],
    },
    { name: 'peer: raw fetch loop', one: rawSubmitAndWait, wallMs: 0, cpuMs: 0, latencies: [] },
  ];
  // A warm-up of both (JIT, the server's first jobs, connection pools), not counted.
  for (const side of sides) await inParallel(inFlight, inFlight, (i) => side.one(i, -1));
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await inParallel(jobs, inFlight, async (i) => {
        const t = performance.now();
        await side.one(i, round);
        side.latencies.push(performance.now() - t);
      });
      side.wallMs += performance.now() - started;
      const used = process.cpuUsage(cpu);
      side.cpuMs += (used.user + used.system) / 1000;
      console.error(`round ${round + 1}: ${side.name} ${fixed((performance.now() - started) / 1000, 1)} s`);
    }
  }
  const peer = sides[1]!;
  console.log(
    `${rounds} × ${jobs} submit-and-wait of a one-line text document, ${inFlight} in flight, ` +
      `server WORKER_CONCURRENCY=${values.workers} (PGlite) in its own process; ${machine()}`,
  );
  printTable(
    ['side', 'wall s', 'jobs/s', 'vs peer', 'p50 ms', 'p95 ms', 'client CPU s', 'CPU vs peer'],
    sides.map((side) => [
      side.name,
      fixed(side.wallMs / 1000, 1),
      fixed((rounds * jobs) / (side.wallMs / 1000), 1),
      `${fixed(side.wallMs / peer.wallMs, 3)}×`,
      fixed(percentile(side.latencies, 50)),
      fixed(percentile(side.latencies, 95)),
      fixed(side.cpuMs / 1000, 2),
      `${fixed(side.cpuMs / peer.cpuMs, 2)}×`,
    ]),
  );
} finally {
  await stopChild(server.child);
  dir.remove();
}
