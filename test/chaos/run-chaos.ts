/**
 * The chaos run: a PostgreSQL cluster of its own, an API-only `docjobs serve --no-worker`, N
 * `docjobs worker` processes and a webhook receiver, all on 127.0.0.1. A mixed workload is
 * submitted at a steady rate while a worker is SIGKILLed every few seconds and PostgreSQL is
 * crashed (immediate stop) and started once, midway through the submits. Then everything must
 * settle, and check-chaos.ts says whether any promise was broken.
 * Used by bench/chaos.ts (the full run, with figures) and test/chaos.test.ts (a short one in CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { terminalStatuses } from '../../src/core/job-status.ts';
import { mulberry32 } from '../../src/pipeline/images/testing/text-image.ts';
import { freePort, type RunningProcess, runDocjobs, stop, waitForOutput } from '../processes.ts';
import { makeChaosDocument } from './chaos-documents.ts';
import { submitAll } from './chaos-submitter.ts';
import { type ChaosCounts, checkChaos } from './check-chaos.ts';
import { findPostgresBin, startPrivatePostgres } from './private-postgres.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';
import { startWorkerFleet } from './worker-killer.ts';

export interface ChaosOptions {
  jobs: number;
  workers: number;
  /** Submits per second. */
  perSecond: number;
  /** 0: no kills (the calm run). */
  killEverySeconds: number;
  /** Killing goes on after the last submit until this many kills were made. */
  minKills: number;
  /** The database is crashed once this share of the documents has been submitted. */
  restartPostgresAt: number;
  /** How long it stays down. */
  postgresDownSeconds: number;
  /** How long everything may take to settle after the last submit. */
  settleSeconds: number;
  seed: number;
  log(line: string): void;
}

export interface ChaosReport {
  counts: ChaosCounts;
  problems: string[];
  kills: number;
  /** Per kill: seconds from the SIGKILL until every job in flight at that moment had ended. */
  recoverySeconds: number[];
  /** From PostgreSQL's start after the crash until a job completed again. */
  postgresRecoverySeconds: number | null;
  submitRetries: number;
  /** From the first submit until every job was terminal. */
  durationSeconds: number;
}

const apiKey = 'chaos-key-0123456789abcdef';
const schema = 'chaos';
const terminalList = terminalStatuses.map((status) => `'${status}'`).join(', ');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, seconds: number, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await done().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting until ${what}`);
    await sleep(500);
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('no PostgreSQL server binaries found (install postgresql, or set PG_BIN)');
  const { log } = options;
  const documents = await Promise.all(Array.from({ length: options.jobs }, (_, i) => makeChaosDocument(i)));
  const postgres = await startPrivatePostgres(bin, await freePort());
  const pool = new pg.Pool({ connectionString: postgres.url, max: 3 });
  pool.on('error', () => {}); // idle clients lose their server at the crash
  const receiver = await startWebhookReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-chaos-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: postgres.url,
    DATABASE_SCHEMA: schema,
    DOCJOBS_BOOTSTRAP_API_KEY: apiKey,
    PORT: String(port),
    WORKER_CONCURRENCY: '2',
    OCR_WORKERS: '1',
    // A job in flight at a kill loses an attempt; with a kill every few seconds the same job can be
    // hit several times. Operators who kill workers this often would raise it too.
    MAX_RETRIES: '10',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_BASE_MS: '500',
  };
  let api: RunningProcess | null = null;
  let fleet: Awaited<ReturnType<typeof startWorkerFleet>> | null = null;
  try {
    api = runDocjobs(['serve', '--no-worker'], env);
    await waitForOutput(api, /docjobs listening on/);
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const setting = await fetch(`${baseUrl}/v1/settings/webhook`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ url: receiver.url }),
    });
    if (!setting.ok) throw new Error(`webhook setting: ${setting.status} ${await setting.text()}`);
    receiver.setSecret(((await setting.json()) as { secret: string }).secret);
    fleet = await startWorkerFleet({ count: options.workers, env, pool, schema });
    log(`${options.workers} workers running; submitting ${options.jobs} documents at ${options.perSecond}/s`);

    const startedAt = performance.now();
    if (options.killEverySeconds > 0)
      fleet.startKilling(options.killEverySeconds * 1000, mulberry32(options.seed)); // the same kills every run
    let restart: Promise<Date | null> | null = null;
    const crashPostgres = async (): Promise<Date | null> => {
      log('PostgreSQL: immediate stop');
      await postgres.stop('immediate');
      await sleep(options.postgresDownSeconds * 1000);
      await postgres.start();
      log('PostgreSQL: started again');
      return (await pool.query<{ now: Date }>('SELECT now()').catch(() => null))?.rows[0]?.now ?? null;
    };
    const { submissions, stats } = await submitAll({
      baseUrl,
      apiKey,
      documents,
      perSecond: options.perSecond,
      onSubmitted(count) {
        if (!restart && count >= options.jobs * options.restartPostgresAt) restart = crashPostgres();
      },
    });
    const restartedAt = await (restart ?? Promise.resolve(null));
    log(`submitted ${submissions.length} (${stats.retries} submits sent again); waiting for the kills`);
    await waitUntil(`${options.minKills} kills`, 600, async () => fleet!.kills.length >= options.minKills);
    await fleet.stopKilling();
    log(`${fleet.kills.length} kills; waiting for every job to end`);
    await waitUntil('every job is terminal', options.settleSeconds, async () => {
      const { rows } = await pool.query<{ ended: string; all: string }>(
        `SELECT count(*) FILTER (WHERE status IN (${terminalList})) AS ended, count(*) AS all FROM ${schema}.jobs`,
      );
      return Number(rows[0]!.ended) === Number(rows[0]!.all) && Number(rows[0]!.all) >= submissions.length;
    });
    const durationSeconds = (performance.now() - startedAt) / 1000;
    log(`all terminal after ${durationSeconds.toFixed(1)} s; waiting for the webhooks`);
    // A delivery cut off by a SIGKILL goes out again once its claim lapses and the relay sees it
    // overdue (src/engine/webhooks/dispatcher.ts): about a minute.
    await waitUntil('every webhook is delivered', 180, async () => {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${schema}.webhook_deliveries WHERE status <> 'delivered'`,
      );
      return Number(rows[0]!.n) === 0 && receiver.received.idsByJob.size >= submissions.length;
    }).catch((error) => log(String(error))); // reported by the check as missing webhooks

    const { counts, problems } = await checkChaos({
      pool,
      schema,
      submissions,
      webhooks: receiver.received,
      async fetchResult(jobId, format) {
        const response = await fetch(`${baseUrl}/v1/jobs/${jobId}/result?format=${format}`, { headers });
        return response.text();
      },
    });
    problems.push(...stats.refused.map((line) => `submit refused ${line}`));
    problems.push(...fleet.crashes);
    if (api.child.exitCode !== null) problems.push(`the API process exited: ${api.output().slice(-2000)}`);
    const recoverySeconds: number[] = [];
    for (const kill of fleet.kills.filter((k) => k.inFlight.length > 0)) {
      const { rows } = await pool.query<{ s: number | null }>(
        `SELECT extract(epoch FROM max(completed_at) - $2::timestamptz)::float8 AS s FROM ${schema}.jobs WHERE id = ANY($1)`,
        [kill.inFlight, kill.at],
      );
      if (rows[0]?.s != null) recoverySeconds.push(rows[0].s);
    }
    const postgresRecovery = restartedAt
      ? ((
          await pool.query<{ s: number | null }>(
            `SELECT extract(epoch FROM min(completed_at) - $1::timestamptz)::float8 AS s FROM ${schema}.jobs WHERE completed_at > $1`,
            [restartedAt],
          )
        ).rows[0]?.s ?? null)
      : null;
    return {
      counts,
      problems,
      kills: fleet.kills.length,
      recoverySeconds,
      postgresRecoverySeconds: postgresRecovery,
      submitRetries: stats.retries,
      durationSeconds,
    };
  } catch (error) {
    log(`PostgreSQL log (end):\n${postgres.log().slice(-3000)}`);
    if (api) log(`API output (end):\n${api.output().slice(-3000)}`);
    throw error;
  } finally {
    await fleet?.stopAll();
    if (api) await stop(api);
    await receiver.close();
    await pool.end().catch(() => {});
    await postgres.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
