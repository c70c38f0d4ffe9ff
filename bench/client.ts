/**
 * What @docjobs/client costs over hand-written fetch calls (issue 17: ≤ 10 %).
 *
 *   node bench/client.ts [--jobs 1000] [--in-flight 20] [--rounds 2] [--backend pglite|postgres]
 *
 * One instance (API and worker), `--jobs` tiny text documents per run with `--in-flight` at a
 * time, each submitted and followed to its end. The peer is a raw fetch loop doing the same
 * requests: a multipart POST /v1/jobs with an Idempotency-Key, then GET /v1/jobs/{id}?wait=30
 * until the job is terminal. The client side is `submitAndWait`. Runs alternate (peer, client,
 * client, peer …) so that a drift of the machine weighs on both; the table gives each run and the
 * ratio of the medians.
 */
import { parseArgs } from 'node:util';
import { Docjobs } from '../packages/client/src/index.ts';
import {
  authHeaders,
  backendsOf,
  benchKey,
  fixed,
  inParallel,
  machine,
  median,
  positiveInt,
  printTable,
  startBenchInstance,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    backend: { type: 'string', default: 'pglite' },
  },
});
const jobs = positiveInt('jobs', values.jobs);
const inFlight = positiveInt('in-flight', values['in-flight']);
const rounds = positiveInt('rounds', values.rounds);
const [backend] = backendsOf(values.backend);

const terminal = new Set(['completed', 'partial', 'failed', 'timeout', 'cancelled', 'expired']);
const documentOf = (i: number) => new TextEncoder().encode(`Tiny document number ${i}.`);

/** The peer: what a user writes with fetch alone. */
async function rawSubmitAndWait(baseUrl: string, i: number): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([documentOf(i)]), `tiny-${i}.txt`);
  const submitted = await fetch(`${baseUrl}/v1/jobs`, {
    method: 'POST',
    headers: { ...authHeaders, 'idempotency-key': crypto.randomUUID() },
    body: form,
  });
  if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
  const { id } = (await submitted.json()) as { id: string };
  for (;;) {
    const response = await fetch(`${baseUrl}/v1/jobs/${id}?wait=30`, { headers: authHeaders });
    if (!response.ok) throw new Error(`wait: ${response.status}`);
    const job = (await response.json()) as { status: string };
    if (terminal.has(job.status)) return job.status;
  }
}

const instance = await startBenchInstance({ backend: backend!, worker: true, concurrency: 2 });
const client = new Docjobs({ baseUrl: instance.baseUrl, apiKey: benchKey });
const sides = {
  'raw fetch': (i: number) => rawSubmitAndWait(instance.baseUrl, i),
  '@docjobs/client': async (i: number) =>
    (await client.submitAndWait({ file: documentOf(i), fileName: `tiny-${i}.txt` })).status,
};
type Side = keyof typeof sides;
const times: Record<Side, number[]> = { 'raw fetch': [], '@docjobs/client': [] };
try {
  // A warm-up of both sides: module loading and the first jobs' thread start are nobody's cost.
  for (const run of Object.values(sides)) await inParallel(40, inFlight, async (i) => void (await run(i)));
  const order: Side[] = [];
  for (let r = 0; r < rounds; r++) {
    order.push(
      ...((r % 2 === 0 ? ['raw fetch', '@docjobs/client'] : ['@docjobs/client', 'raw fetch']) as Side[]),
    );
  }
  for (const side of order) {
    const started = performance.now();
    let failed = 0;
    await inParallel(jobs, inFlight, async (i) => {
      if ((await sides[side](i)) !== 'completed') failed++;
    });
    const ms = performance.now() - started;
    if (failed) throw new Error(`${side}: ${failed} jobs did not complete`);
    times[side].push(ms);
    console.error(`${side}: ${fixed(ms)} ms`);
  }
} finally {
  await instance.close();
}

console.log(`${machine()}; ${backend}, ${jobs} jobs, ${inFlight} in flight, ${rounds} runs a side\n`);
const peer = median(times['raw fetch']);
printTable(
  ['side', 'median s', 'jobs/s', 'runs (s)', 'ratio'],
  (Object.keys(times) as Side[]).map((side) => {
    const m = median(times[side]);
    return [
      side,
      fixed(m / 1000, 2),
      fixed((jobs * 1000) / m, 1),
      times[side].map((t) => fixed(t / 1000, 1)).join(' '),
      `${fixed(m / peer, 3)}×`,
    ];
  }),
);
