/**
 * What the store contract's families share: a database per family (or per test), organisations
 * of their own, and jobs built and moved through the store's own functions. Only the store and
 * core are imported, as in the store's production files.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach } from 'node:test';
import type { JobFailure } from '../../core/errors.ts';
import { type JobId, newJobId, type OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import type { JobStatus } from '../../core/job-status.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Database } from '../db.ts';
import { completeJobs } from '../jobs/complete-jobs.ts';
import { getJob } from '../jobs/get-job.ts';
import { insertJob, type NewJob } from '../jobs/insert-job.ts';
import { moveJob } from '../jobs/move-job.ts';
import { createApiKey } from '../orgs.ts';

/**
 * Opens a fresh, migrated Database that no other label shares (its own schema on a server, its
 * own directory for PGlite); its close() also removes what make created.
 */
export type MakeDatabase = (label: string) => Promise<Database>;

export interface StoreContractOptions {
  /** The adapter's name in the test titles: "PGlite", "PostgreSQL". */
  name: string;
  make: MakeDatabase;
}

/**
 * The database of the calling describe: one for the whole family (tests then keep to organisations
 * of their own), or a fresh one per test for families whose functions scan every organisation.
 * A fresh PGlite costs ~2 s to open even from a migrated copy, so per test only where needed.
 */
export function useDatabase(make: MakeDatabase, label: string, scope: 'family' | 'test' = 'family') {
  let db: Database | undefined;
  const open = async (name: string) => {
    db = await make(name);
  };
  const close = async () => {
    await db?.close();
    db = undefined;
  };
  if (scope === 'family') {
    before(() => open(label));
    after(close);
  } else {
    beforeEach((t) => open(`${label}:${t.name}`));
    afterEach(close);
  }
  return (): Database => {
    assert.ok(db, 'the database is open');
    return db;
  };
}

/** A new organisation with one API key; unique names keep tests of one family apart. */
export async function newOrg(db: Database, label = 'org'): Promise<Organisation & { key: string }> {
  const { key, org } = await createApiKey(db, `${label}-${randomUUID()}`);
  return { ...org, key };
}

export const hourMs = 3_600_000;

export function jobFields(orgId: OrgId, fields: Partial<NewJob> = {}): NewJob {
  const id = fields.id ?? newJobId();
  return {
    id,
    orgId,
    type: 'parse',
    fileName: 'letter.pdf',
    mimeType: 'application/pdf',
    sizeBytes: 1234,
    documentKey: `documents/${id}`,
    options: {},
    metadata: {},
    priority: 0,
    timeoutSeconds: 300,
    idempotencyKey: null,
    requestHash: null,
    reprocessedFrom: null,
    webhookUrl: null,
    caseId: null,
    expiresAt: new Date(Date.now() + 24 * hourMs),
    task: null,
    extractor: null,
    dependsOn: [],
    ...fields,
  };
}

/** Insert a queued job; fails the test when the store refuses it. */
export async function addJob(db: Database, orgId: OrgId, fields: Partial<NewJob> = {}): Promise<JobRecord> {
  const job = await insertJob(db, jobFields(orgId, fields));
  assert.ok(job, 'the job was inserted');
  return job;
}

export interface Ending {
  pages?: number;
  qualityScore?: number | null;
  minConfidence?: number | null;
  llmTokens?: number;
  error?: JobFailure | null;
}

export const failure = (message = 'unreadable'): JobFailure => ({
  code: 'PARSE_ERROR',
  message,
  stage: 'parsing',
  retryable: false,
});

/**
 * Run a queued job to `status` the way the worker does: claimed by attempt 1, then completed
 * (completeJobs) or moved on with `finished`. Cancelled is the one end reached from the queue.
 */
export async function endJob(
  db: Database,
  job: JobRecord,
  status: Exclude<JobStatus, 'queued' | 'processing' | 'retrying' | 'expired'>,
  ending: Ending = {},
): Promise<JobRecord> {
  const orgId = job.orgId;
  if (status !== 'cancelled') assert.ok(await moveJob(db, job.id, 'processing', { attempt: 1 }));
  if (status === 'completed' || status === 'partial') {
    const [done] = await completeJobs(db, [
      {
        id: job.id,
        attempt: 1,
        resultKey: `results/${job.id}.json`,
        pages: ending.pages ?? 1,
        mimeType: null,
        fileKind: 'pdf',
        status,
        error: ending.error ?? null,
        qualityScore: ending.qualityScore ?? null,
        minConfidence: ending.minConfidence ?? null,
        llmTokens: ending.llmTokens ?? 0,
        trace: { stages: [] },
      },
    ]);
    assert.equal(done, true, `${job.id} completed`);
  } else {
    const fields = { finished: true, error: ending.error ?? failure(), pagesDone: ending.pages };
    assert.ok(await moveJob(db, job.id, status, fields), `${job.id} moved to ${status}`);
  }
  const ended = await getJob(db, orgId, job.id);
  assert.equal(ended?.status, status);
  return ended!;
}

/** Put a job straight into a status with SQL, to set up a state the test does not walk through. */
export async function forceStatus(db: Database, id: JobId, status: JobStatus): Promise<void> {
  await db.query('UPDATE jobs SET status = $2 WHERE id = $1', [id, status]);
}

/** Newest first with id as the tie-breaker: the order every list promises. */
export const newestFirst = <T extends { createdAt: string; id: string }>(rows: T[]) =>
  [...rows].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : Date.parse(b.createdAt) - Date.parse(a.createdAt),
  );

/** Set created_at of rows of `table` (their timestamps are otherwise the clock's). */
export async function setCreatedAt(db: Database, table: string, id: string, at: Date): Promise<void> {
  await db.query(`UPDATE ${table} SET created_at = $2 WHERE id = $1`, [id, at]);
}
