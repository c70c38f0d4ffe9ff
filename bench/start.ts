/**
 * Start time and footprint (issue 15, items 2 and 3), docjobs beside its floor in one run:
 *
 *   node bench/start.ts [--runs 5] [--settle-ms 5000] [--no-postgres | --no-pglite]
 *
 * Every row is a fresh child process (bench/child-process.ts), timed from spawn to its first 200
 * from /readyz (PGlite alone: to its "ready" line; `docjobs worker`: to "docjobs worker running").
 * Idle RSS is VmRSS once settled (measure() below), before any job; peak is VmHWM at the same
 * moment (the most the process held while starting). Medians of `--runs`, the rows interleaved so that
 * a noisy neighbour hits them alike.
 *  - restart: the peers (bench/start-peer.ts) open the very PGlite directory docjobs made and
 *    reopens (DATA_DIR/pg), so they read the same data.
 *  - fresh: a new directory per run. The peers run PGlite's initdb; docjobs creates its directory
 *    from the template a first start left beside it (store/pglite-template.ts). The first start
 *    of all, which runs initdb and writes that template, is its own row.
 *  - PostgreSQL (`DATABASE_URL`, BENCH_DATABASE_URL to override): `serve --no-worker` and
 *    `worker`, each on a schema of its own, beside Fastify + a pg pool.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Child, memoryOf, settle, startChild, stopChild } from './child-process.ts';
import {
  benchKey,
  dropSchemas,
  fixed,
  machine,
  makeTempDir,
  median,
  positiveInt,
  postgresUrl,
  printTable,
  uniqueName,
} from './lib.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'settle-ms': { type: 'string', default: '5000' },
    'no-postgres': { type: 'boolean', default: false },
    'no-pglite': { type: 'boolean', default: false },
  },
});
const runs = positiveInt('runs', args.runs);
const settleMs = positiveInt('settle-ms', args['settle-ms']);

interface Sample {
  readyMs: number;
  idleMb: number;
  peakMb: number;
}

const serverLine = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** Start, settle (child-process.ts), read memory, stop. */
async function measure(start: () => Promise<Child>): Promise<Sample> {
  const child = await start();
  try {
    await settle(child.pid, settleMs);
    const { rssMb, peakMb } = memoryOf(child.pid);
    return { readyMs: child.readyMs, idleMb: rssMb, peakMb };
  } finally {
    await stopChild(child.child);
  }
}

const docjobsEnv = (env: Record<string, string>) => ({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DATABASE_URL: '',
  DOCJOBS_BOOTSTRAP_API_KEY: benchKey,
  ...env,
});

const docjobs = (command: string[], env: Record<string, string>) => () =>
  startChild(
    ['bin/docjobs.js', ...command],
    docjobsEnv(env),
    command[0] === 'worker' ? /docjobs worker running/ : serverLine,
  );
const peer = (kind: string, target: string) => () =>
  startChild(['bench/start-peer.ts', kind, target], process.env, kind === 'pglite' ? /^ready$/m : serverLine);

const root = makeTempDir('docjobs-start');
const results = new Map<string, Sample[]>();
const record = (name: string, sample: Sample) => {
  results.set(name, [...(results.get(name) ?? []), sample]);
  console.error(
    `${name}: ready ${fixed(sample.readyMs)} ms, idle ${fixed(sample.idleMb)} MB, peak ${fixed(sample.peakMb)} MB`,
  );
};

try {
  // The first start of all: no directory, no template yet. Its directory is the one restarted.
  const restartDir = join(root.path, 'restart');
  if (!args['no-pglite'])
    record(
      'docjobs serve, first start (initdb)',
      await measure(docjobs(['serve'], { DATA_DIR: restartDir })),
    );
  let fresh = 0;
  const freshDir = () => join(root.path, `fresh-${fresh++}`, 'pg');
  for (let run = 0; run < runs; run++) {
    if (!args['no-pglite']) {
      const pgDir = join(restartDir, 'pg');
      record('PGlite alone, open', await measure(peer('pglite', pgDir)));
      record('Fastify + PGlite, open', await measure(peer('fastify-pglite', pgDir)));
      record('docjobs serve, restart', await measure(docjobs(['serve'], { DATA_DIR: restartDir })));
      record('PGlite alone, create', await measure(peer('pglite', freshDir())));
      record('Fastify + PGlite, create', await measure(peer('fastify-pglite', freshDir())));
      const dataDir = join(root.path, `fresh-${fresh++}`);
      record('docjobs serve, fresh', await measure(docjobs(['serve'], { DATA_DIR: dataDir })));
    }
    if (!args['no-postgres']) {
      record('Fastify + pg', await measure(peer('fastify-pg', postgresUrl)));
      for (const command of [['serve', '--no-worker'], ['worker']]) {
        const schema = uniqueName('start');
        try {
          const env = {
            DATA_DIR: join(root.path, 'pg-side'),
            DATABASE_URL: postgresUrl,
            DATABASE_SCHEMA: schema,
          };
          record(`docjobs ${command.join(' ')}, PostgreSQL`, await measure(docjobs(command, env)));
        } finally {
          await dropSchemas(postgresUrl, [schema, `${schema}_queue`]);
        }
      }
    }
  }
} finally {
  root.remove();
}

const summary = (name: string) => {
  const samples = results.get(name) ?? [];
  return {
    readyMs: median(samples.map((s) => s.readyMs)),
    idleMb: median(samples.map((s) => s.idleMb)),
    peakMb: median(samples.map((s) => s.peakMb)),
    n: samples.length,
  };
};
const signed = (value: number, digits = 0) => `${value >= 0 ? '+' : ''}${fixed(value, digits)}`;

console.log(
  `\nstart and footprint — ${machine()}; medians of ${runs}, idle = RSS once steady, at least ${settleMs} ms after ready\n`,
);
const groups: [string, string[]][] = [
  ['PGlite alone, open', ['Fastify + PGlite, open', 'docjobs serve, restart']],
  [
    'PGlite alone, create',
    ['Fastify + PGlite, create', 'docjobs serve, fresh', 'docjobs serve, first start (initdb)'],
  ],
  ['Fastify + pg', ['docjobs serve --no-worker, PostgreSQL', 'docjobs worker, PostgreSQL']],
];
const rows: string[][] = [];
for (const [floor, names] of groups) {
  if (!results.has(floor)) continue;
  const base = summary(floor);
  for (const name of [floor, ...names]) {
    const s = summary(name);
    const same = name === floor;
    rows.push([
      `${name}${s.n === 1 ? ' (1 run)' : ''}`,
      fixed(s.readyMs / 1000, 2),
      same ? '' : signed((s.readyMs - base.readyMs) / 1000, 2),
      fixed(s.idleMb),
      same ? '' : signed(s.idleMb - base.idleMb),
      fixed(s.peakMb),
      same ? '' : signed(s.peakMb - base.peakMb),
    ]);
  }
}
printTable(['process', 'ready s', 'vs floor', 'idle MB', 'vs floor', 'peak MB', 'vs floor'], rows);
