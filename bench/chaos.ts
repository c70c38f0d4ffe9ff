/**
 * The chaos run (issue 6), with figures: PostgreSQL of its own + an API process + 3 worker processes,
 * a mixed workload (text PDFs, scans, extractions, a few invalid PDFs; webhooks to a receiver on
 * 127.0.0.1), a worker SIGKILLed every few seconds and PostgreSQL crashed once midway.
 *
 *   node bench/chaos.ts [--jobs 2000] [--rate 25] [--kill-every 5] [--workers 3] [--no-calm]
 *
 * Its peer is the same workload on the same processes with no faults at all (skip it with
 * --no-calm): the table shows what the faults cost in time, and that they cost nothing else.
 * Exits 1 when any promise was broken (a job lost, duplicated, wrong, or unannounced).
 * See test/chaos/run-chaos.ts for what happens and test/chaos/check-chaos.ts for what is checked.
 */
import { parseArgs } from 'node:util';
import { type ChaosReport, runChaos } from '../test/chaos/run-chaos.ts';
import { fixed, machine, median, positiveInt, printTable } from './lib.ts';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '25' },
    'kill-every': { type: 'string', default: '5' },
    workers: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'no-calm': { type: 'boolean', default: false },
  },
});

const jobs = positiveInt('jobs', args.jobs);
const common = {
  jobs,
  workers: positiveInt('workers', args.workers),
  perSecond: positiveInt('rate', args.rate),
  seed: positiveInt('seed', args.seed),
  postgresDownSeconds: 3,
  restartPostgresAt: 0.5,
  settleSeconds: 900,
  log: (line: string) => console.error(`  ${new Date().toISOString().slice(11, 19)} ${line}`),
};
const killEvery = positiveInt('kill-every', args['kill-every']);

console.log(
  `chaos run: ${jobs} jobs, ${common.workers} workers, ${common.perSecond} submits/s — ${machine()}`,
);
const runs: [string, ChaosReport][] = [];
if (!args['no-calm']) {
  console.error('calm run (no faults):');
  // No kills, and a restart point that is never reached.
  runs.push(['calm', await runChaos({ ...common, killEverySeconds: 0, minKills: 0, restartPostgresAt: 2 })]);
}
console.error('chaos run:');
const chaos = await runChaos({
  ...common,
  killEverySeconds: killEvery,
  minKills: Math.max(3, Math.ceil(jobs / common.perSecond / killEvery)),
});
runs.push(['chaos', chaos]);

const cell = (report: ChaosReport, pick: (r: ChaosReport) => number | string | null) => {
  const value = pick(report);
  return value === null
    ? '–'
    : typeof value === 'number'
      ? fixed(value, Number.isInteger(value) ? 0 : 1)
      : value;
};
const lines: [string, (r: ChaosReport) => number | string | null][] = [
  ['jobs submitted', (r) => r.counts.submitted],
  ['valid submitted / completed', (r) => `${r.counts.validSubmitted} / ${r.counts.completed}`],
  ['invalid → failed as expected', (r) => r.counts.failedAsExpected],
  ['lost (must be 0)', (r) => r.counts.lost],
  [
    'duplicate jobs, results, usage, webhook ids',
    (r) =>
      r.counts.duplicateJobs + r.counts.wrongResults + r.counts.usageDuplicated + r.counts.webhooksDuplicated,
  ],
  [
    'webhooks missing / bad signatures',
    (r) => `${r.counts.webhooksMissing} / ${r.counts.webhookBadSignatures}`,
  ],
  ['worker SIGKILLs', (r) => r.kills],
  ['jobs run again (queue redelivered)', (r) => r.counts.redeliveredJobs],
  ['submits sent again (5xx, no answer)', (r) => r.submitRetries],
  ['recovery after SIGKILL, median s', (r) => (r.recoverySeconds.length ? median(r.recoverySeconds) : null)],
  [
    'recovery after SIGKILL, max s',
    (r) => (r.recoverySeconds.length ? Math.max(...r.recoverySeconds) : null),
  ],
  ['first completion after PostgreSQL restart, s', (r) => r.postgresRecoverySeconds],
  ['first submit to all terminal, s', (r) => r.durationSeconds],
];
printTable(
  ['', ...runs.map(([name]) => name)],
  lines.map(([label, pick]) => [label, ...runs.map(([, report]) => cell(report, pick))]),
);
if (runs.length === 2) {
  console.log(`\nchaos / calm duration: ${fixed(chaos.durationSeconds / runs[0]![1].durationSeconds, 2)}×`);
}
const problems = runs.flatMap(([name, report]) => report.problems.map((line) => `${name}: ${line}`));
if (problems.length) {
  console.log(`\nBROKEN:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('\nevery promise held');
