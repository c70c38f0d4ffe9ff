/**
 * What must hold after a chaos run, read from the database, the API and the webhook receiver:
 * every job terminal, none lost, one job per submitted document, each ended as expected with its
 * own result, exactly one usage record and one webhook (one id, however many arrivals) per job.
 */
import type pg from 'pg';
import { terminalStatuses } from '../../src/core/job-status.ts';
import type { Submission } from './chaos-submitter.ts';
import type { ReceivedWebhooks } from './webhook-receiver.ts';

export interface ChaosCounts {
  submitted: number;
  jobRows: number;
  terminal: number;
  completed: number;
  validSubmitted: number;
  failedAsExpected: number;
  lost: number;
  duplicateJobs: number;
  unexpectedEnds: number;
  wrongResults: number;
  usageMissing: number;
  usageDuplicated: number;
  webhooksMissing: number;
  webhooksDuplicated: number;
  webhookBadSignatures: number;
  /** Jobs the queue delivered more than once (a kill, the database restart): jobs.attempt > 0. */
  redeliveredJobs: number;
}

interface JobRowView {
  id: string;
  status: string;
  code: string | null;
  chaos: string | null;
  attempt: number;
}

const terminal = new Set<string>(terminalStatuses);

/** The counts, and a line for each broken promise (empty when the run held). */
export async function checkChaos(options: {
  pool: pg.Pool;
  schema: string;
  submissions: readonly Submission[];
  webhooks: ReceivedWebhooks;
  fetchResult(jobId: string, format: 'text' | 'json'): Promise<string>;
}): Promise<{ counts: ChaosCounts; problems: string[] }> {
  const { pool, schema, submissions, webhooks } = options;
  const problems: string[] = [];
  const note = (count: number, what: string, examples: string[]) => {
    if (count > 0) problems.push(`${count} ${what}: ${examples.slice(0, 5).join('; ')}`);
  };
  const rows = (
    await pool.query<JobRowView>(
      `SELECT id, status, error->>'code' AS code, metadata->>'chaos' AS chaos, attempt FROM ${schema}.jobs`,
    )
  ).rows;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const byIndex = new Map<string, JobRowView[]>();
  for (const row of rows) byIndex.set(row.chaos ?? '', [...(byIndex.get(row.chaos ?? '') ?? []), row]);
  const usage = new Map(
    (
      await pool.query<{ job_id: string; n: string }>(
        `SELECT job_id, count(*) AS n FROM ${schema}.usage_records GROUP BY job_id`,
      )
    ).rows.map((row) => [row.job_id, Number(row.n)]),
  );
  const deliveries = new Map(
    (
      await pool.query<{ job_id: string; n: string }>(
        `SELECT job_id, count(*) AS n FROM ${schema}.webhook_deliveries GROUP BY job_id`,
      )
    ).rows.map((row) => [row.job_id, Number(row.n)]),
  );

  const lost = submissions.filter(({ jobId }) => !terminal.has(byId.get(jobId)?.status ?? ''));
  note(
    lost.length,
    'jobs lost or not terminal',
    lost.map(({ jobId }) => `${jobId} ${byId.get(jobId)?.status ?? 'missing'}`),
  );
  const duplicates = [...byIndex].filter(([, jobs]) => jobs.length > 1);
  note(
    duplicates.length,
    'documents with more than one job',
    duplicates.map(([index]) => `#${index}`),
  );

  const unexpected: string[] = [];
  const wrong: string[] = [];
  let failedAsExpected = 0;
  for (const { document, jobId } of submissions) {
    const row = byId.get(jobId);
    if (!row || !terminal.has(row.status)) continue;
    const { expected } = document;
    const ok =
      row.status === expected.status && (expected.status === 'completed' || row.code === expected.code);
    if (!ok) unexpected.push(`#${document.index} ${document.kind} ${row.status} ${row.code ?? ''}`);
    else if (expected.status === 'failed') failedAsExpected++;
    else if (expected.status === 'completed') {
      const result = await options.fetchResult(jobId, document.resultFormat).catch((error) => String(error));
      if (!document.resultIsOwn(result))
        wrong.push(`#${document.index} ${document.kind}: ${result.slice(0, 120)}`);
    }
  }
  note(unexpected.length, 'jobs that ended otherwise than expected', unexpected);
  note(wrong.length, 'completed jobs whose result is not their own document', wrong);

  const ended = rows.filter((row) => terminal.has(row.status));
  const usageMissing = ended.filter((row) => (usage.get(row.id) ?? 0) === 0);
  const usageDuplicated = ended.filter((row) => (usage.get(row.id) ?? 0) > 1);
  note(
    usageMissing.length,
    'terminal jobs without a usage record',
    usageMissing.map((row) => row.id),
  );
  note(
    usageDuplicated.length,
    'jobs with two usage records',
    usageDuplicated.map((row) => row.id),
  );
  const hooksMissing = ended.filter((row) => !webhooks.idsByJob.has(row.id));
  const hooksDuplicated = ended.filter(
    (row) => (webhooks.idsByJob.get(row.id)?.size ?? 0) > 1 || (deliveries.get(row.id) ?? 0) > 1,
  );
  note(
    hooksMissing.length,
    'terminal jobs whose webhook never arrived',
    hooksMissing.map((row) => row.id),
  );
  note(
    hooksDuplicated.length,
    'jobs announced under two webhook ids',
    hooksDuplicated.map((row) => row.id),
  );
  note(webhooks.badSignatures, 'webhooks with a bad signature', []);

  const valid = submissions.filter(({ document }) => document.expected.status === 'completed').length;
  const completed = rows.filter((row) => row.status === 'completed').length;
  if (completed !== valid)
    problems.push(`${completed} jobs completed, but ${valid} valid documents were submitted`);
  return {
    problems,
    counts: {
      submitted: submissions.length,
      jobRows: rows.length,
      terminal: ended.length,
      completed,
      validSubmitted: valid,
      failedAsExpected,
      lost: lost.length,
      duplicateJobs: duplicates.length,
      unexpectedEnds: unexpected.length,
      wrongResults: wrong.length,
      usageMissing: usageMissing.length,
      usageDuplicated: usageDuplicated.length,
      webhooksMissing: hooksMissing.length,
      webhooksDuplicated: hooksDuplicated.length,
      webhookBadSignatures: webhooks.badSignatures,
      redeliveredJobs: rows.filter((row) => row.attempt > 0).length,
    },
  };
}
