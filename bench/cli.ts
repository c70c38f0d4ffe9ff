/**
 * The `docjobs` command against its peer, curl, in one run (issue 17: `jobs list` within 2× curl).
 *
 *   node bench/cli.ts [--runs 10] [--jobs 50]
 *
 * A running instance (PGlite, no worker) holds `--jobs` queued jobs; each command runs once to warm
 * the OS file cache and Node's compile cache (bin/docjobs.js keeps the type-stripped code), then
 * `--runs` times in round robin, so that a change in the machine's load weighs on every row alike.
 * The peer is `curl` making the request `docjobs jobs list` makes (GET /v1/jobs?limit=50 with the
 * key): what a person at a terminal would otherwise type. `--json` rows print the same JSON data,
 * the plain rows a table. The last two rows are Node's floor: a bare start, and a bare start that
 * makes the same request with node:http. Times are wall seconds from exec to exit, median and p90.
 */
import { parseArgs } from 'node:util';
import { binPath } from '../test/processes.ts';
import { submitListJobs, timeCommand } from './command-timing.ts';
import { benchKey, fixed, machine, median, positiveInt, printTable, startBenchInstance } from './lib.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, jobs: { type: 'string', default: '50' } },
});
const runs = positiveInt('runs', values.runs);

const p90 = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;

const instance = await startBenchInstance({ backend: 'pglite', worker: false, concurrency: 1 });
try {
  await submitListJobs(instance.baseUrl, positiveInt('jobs', values.jobs));
  // Only the environment names the server: no config file of the machine's user is read.
  const env = { DOCJOBS_URL: instance.baseUrl, DOCJOBS_API_KEY: benchKey, XDG_CONFIG_HOME: '/nonexistent' };
  const nodeGet = `require('node:http').get(process.env.DOCJOBS_URL + '/v1/jobs?limit=50', { headers: { authorization: 'Bearer ' + process.env.DOCJOBS_API_KEY } }, (r) => { if (r.statusCode !== 200) process.exit(1); r.pipe(process.stdout); })`;
  const curl = [
    'curl',
    '-sf',
    '-H',
    `authorization: Bearer ${benchKey}`,
    `${instance.baseUrl}/v1/jobs?limit=50`,
  ];
  const rows = [
    { name: 'peer: curl GET /v1/jobs?limit=50', command: curl },
    { name: 'docjobs jobs list', command: [process.execPath, binPath, 'jobs', 'list'] },
    { name: 'docjobs jobs list --json', command: [process.execPath, binPath, 'jobs', 'list', '--json'] },
    { name: 'docjobs --help', command: [process.execPath, binPath, '--help'] },
    { name: "node -e '' (Node's own start)", command: [process.execPath, '-e', ''] },
    // The floor of any Node CLI: a bare Node making the same request with node:http, nothing else.
    { name: 'node -e "http.get(GET /v1/jobs)"', command: [process.execPath, '-e', nodeGet] },
  ].map((row) => ({ ...row, times: [] as number[] }));
  for (const row of rows) await timeCommand(row.command, env);
  for (let pass = 0; pass < runs; pass++)
    for (const row of rows) row.times.push(await timeCommand(row.command, env));
  const peer = median(rows[0]!.times);
  console.log(`docjobs CLI vs curl, ${runs} runs each, ${values.jobs} jobs on the server; ${machine()}`);
  printTable(
    ['command', 'median s', 'p90 s', 'vs curl'],
    rows.map((row) => [
      row.name,
      fixed(median(row.times), 3),
      fixed(p90(row.times), 3),
      `${fixed(median(row.times) / peer, 2)}×`,
    ]),
  );
} finally {
  await instance.close();
}
