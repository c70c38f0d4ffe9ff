/**
 * dependsOn bookkeeping (migration 0010): a waiting job is `queued` with `waiting_for` set and no
 * queue message. These statements find waiting jobs whose parents ended and let one of them go
 * exactly once, whichever process (the parent's worker, a cancel, the sweep) gets there first.
 */
import type { JobId } from '../../core/ids.ts';
import { type JobStatus, terminalStatuses } from '../../core/job-status.ts';
import type { Sql } from '../db.ts';

export interface ParentState {
  id: JobId;
  /** null: the parent was deleted. */
  status: JobStatus | null;
}

/** The waiting jobs among the children of these parents. */
export async function findWaitingChildren(sql: Sql, parentIds: readonly string[]): Promise<JobId[]> {
  if (parentIds.length === 0) return [];
  const rows = await sql.query<{ id: JobId }>(
    `SELECT DISTINCT j.id FROM job_parents p JOIN jobs j ON j.id = p.job_id
     WHERE p.parent_id = ANY($1::text[]) AND j.waiting_for IS NOT NULL AND j.status = 'queued'`,
    [parentIds],
  );
  return rows.map((row) => row.id);
}

/** Waiting jobs none of whose parents is still running (the sweep's backstop for a lost release). */
export async function settleableWaitingJobs(sql: Sql, limit: number): Promise<JobId[]> {
  const rows = await sql.query<{ id: JobId }>(
    `SELECT j.id FROM jobs j
     WHERE j.waiting_for IS NOT NULL AND j.status = 'queued'
       AND NOT EXISTS (SELECT 1 FROM job_parents p JOIN jobs pj ON pj.id = p.parent_id
                       WHERE p.job_id = j.id AND NOT (pj.status = ANY($1::text[])))
     ORDER BY j.created_at LIMIT $2`,
    [terminalStatuses, limit],
  );
  return rows.map((row) => row.id);
}

export async function readParentStates(sql: Sql, jobId: JobId): Promise<ParentState[]> {
  return sql.query<ParentState>(
    `SELECT p.parent_id AS id, pj.status FROM job_parents p LEFT JOIN jobs pj ON pj.id = p.parent_id
     WHERE p.job_id = $1 ORDER BY p.parent_id`,
    [jobId],
  );
}

/** Clears waiting_for; null when another process released (or cancelled) the job first. */
export async function releaseWaitingJob(
  sql: Sql,
  jobId: JobId,
): Promise<{ id: JobId; priority: number; timeoutSeconds: number } | null> {
  const rows = await sql.query<{ id: JobId; priority: number; timeout_seconds: number }>(
    `UPDATE jobs SET waiting_for = NULL, updated_at = now()
     WHERE id = $1 AND waiting_for IS NOT NULL AND status = 'queued'
     RETURNING id, priority, timeout_seconds`,
    [jobId],
  );
  const row = rows[0];
  return row ? { id: row.id, priority: row.priority, timeoutSeconds: row.timeout_seconds } : null;
}

/** What the job shows while some parents still run. */
export async function setWaitingFor(sql: Sql, jobId: JobId, parents: readonly string[]): Promise<void> {
  await sql.query(
    `UPDATE jobs SET waiting_for = $2::text[] WHERE id = $1 AND waiting_for IS NOT NULL AND status = 'queued'`,
    [jobId, parents],
  );
}
