/**
 * How long a `docjobs` command takes from exec to exit, beside a bare Node start in the same run.
 *
 *   node bench/cli-start.ts [--runs 5] [--jobs 20]
 *
 * Each command runs once to warm the OS file cache, then `--runs` times; the table gives the median
 * wall time and its ratio to the peer, `node -e ''` on the project's Node 24 (the floor of any
 * command). Two compile-cache states: warm (bin/docjobs.js keeps the type-stripped code under
 * os.tmpdir(); every run after the first) and cold (NODE_COMPILE_CACHE an empty directory each
 * run: the first command after an upgrade). `jobs list` asks a running instance (PGlite, no worker,
 * `--jobs` jobs queued), beside its own floor: a bare Node 24 process making the same request with
 * fetch. Rows "via Node 20" start bin/docjobs.js on the machine's older Node,
 * which hands over to Node 24 (the README's `npm start` path); their peer is `node -e ''` on that
 * Node. The last row is what every command loaded before issue 15: the server's code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { binPath, olderNode } from '../test/processes.ts';
import { submitListJobs, timeCommand } from './command-timing.ts';
import { benchKey, fixed, machine, median, positiveInt, printTable, startBenchInstance } from './lib.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, jobs: { type: 'string', default: '20' } },
});
const runs = positiveInt('runs', values.runs);
const node24 = process.execPath;
const node20 = olderNode();

/** One run with an empty compile cache of its own: what the first command after an install costs. */
async function timeCold(command: string[], env: Record<string, string>): Promise<number> {
  const cache = mkdtempSync(join(tmpdir(), 'docjobs-compile-cache-'));
  try {
    return await timeCommand(command, { ...env, NODE_COMPILE_CACHE: cache });
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

const instance = await startBenchInstance({ backend: 'pglite', worker: false, concurrency: 1 });
try {
  await submitListJobs(instance.baseUrl, positiveInt('jobs', values.jobs));
  const client = { DOCJOBS_URL: instance.baseUrl, DOCJOBS_API_KEY: benchKey };
  // The floor of `jobs list`: a Node start and the same request, nothing else.
  const listByFetch = `const r = await fetch(process.env.DOCJOBS_URL + '/v1/jobs?limit=50', { headers: { authorization: 'Bearer ' + process.env.DOCJOBS_API_KEY } }); if (!r.ok) process.exit(1); console.log(await r.text());`;
  interface Row {
    name: string;
    command: string[];
    env?: Record<string, string>;
    /** Runs TypeScript, so the compile cache matters. */
    compiles: boolean;
    warm: number[];
    cold: number[];
  }
  const row = (name: string, command: string[], env: Record<string, string>, compiles: boolean): Row => ({
    name,
    command,
    env,
    compiles,
    warm: [],
    cold: [],
  });
  const rows: Row[] = [
    row("peer: node -e '' (Node 24)", [node24, '-e', ''], {}, false),
    row('docjobs --help', [node24, binPath, '--help'], {}, true),
    row('docjobs jobs list', [node24, binPath, 'jobs', 'list'], client, true),
    row(
      'peer: node -e "await fetch(GET /v1/jobs)"',
      [node24, '--input-type=module', '-e', listByFetch],
      client,
      false,
    ),
  ];
  if (node20) {
    rows.push(
      row("node -e '' (Node 20)", [node20, '-e', ''], {}, false),
      row('docjobs --help via Node 20', [node20, binPath, '--help'], {}, true),
      row('docjobs jobs list via Node 20', [node20, binPath, 'jobs', 'list'], client, true),
    );
  }
  rows.push(
    row('before: import src/app.ts (Node 24)', [node24, '-e', "await import('./src/app.ts')"], {}, false),
  );
  // Round robin (every command once per pass), so that a change in the machine's load during the
  // run weighs on every row alike; the first pass warms the file and compile caches, uncounted.
  for (const r of rows) await timeCommand(r.command, r.env ?? {});
  for (let pass = 0; pass < runs; pass++) {
    for (const r of rows) {
      r.warm.push(await timeCommand(r.command, r.env ?? {}));
      if (r.compiles) r.cold.push(await timeCold(r.command, r.env ?? {}));
    }
  }
  const peer = median(rows[0]!.warm);
  const cell = (times: number[]) => (times.length ? fixed(median(times), 2) : '—');
  const ratio = (times: number[]) => (times.length ? `${fixed(median(times) / peer, 1)}×` : '—');
  console.log(`docjobs CLI start, median of ${runs} runs each; ${machine()}`);
  if (!node20) console.log('(no Node older than 22.18 on this machine: the launcher rows are left out)');
  printTable(
    ['command', 'warm s', 'vs peer', 'cold cache s', 'vs peer'],
    rows.map((r) => [r.name, cell(r.warm), ratio(r.warm), cell(r.cold), ratio(r.cold)]),
  );
} finally {
  await instance.close();
}
