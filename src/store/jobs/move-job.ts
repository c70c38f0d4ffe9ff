import type { JobFailure, JobStage } from '../../core/errors.ts';
import type { JobId, OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import { type JobStatus, sourcesOf } from '../../core/job-status.ts';
import type { Sql } from '../db.ts';
import { type JobRow, toJobRecord } from './job-row.ts';

export interface MoveFields {
  stage?: JobStage | null;
  progress?: number;
  pagesDone?: number;
  pagesTotal?: number | null;
  error?: JobFailure | null;
  resultKey?: string;
  mimeType?: string;
  fileKind?: string;
  /** Sets started_at on the first start and records the queue attempt that owns the job. */
  attempt?: number;
  incrementRetryCount?: boolean;
  /** Stamps completed_at and processing_ms. */
  finished?: boolean;
}

export interface MoveGuard {
  orgId?: OrgId;
  /** Only the attempt that claimed the job may move it on: a reclaimed job ignores its old worker. */
  attempt?: number;
  /** Narrower than the state table allows (a claim requires an older attempt for processing → processing). */
  extraWhere?: string;
}

/**
 * The one guarded status update: `WHERE status = ANY(sources of the target)` from the state table,
 * plus the caller's guard. Zero rows back means the move was not allowed — another actor won.
 */
export async function moveJob(
  sql: Sql,
  id: JobId,
  to: JobStatus,
  fields: MoveFields,
  guard: MoveGuard = {},
): Promise<JobRecord | null> {
  const values: unknown[] = [id, to, sourcesOf(to)];
  const sets = ['status = $2', 'updated_at = now()'];
  const set = (column: string, value: unknown, cast = '') => {
    values.push(value);
    sets.push(`${column} = $${values.length}${cast}`);
  };
  if (fields.stage !== undefined) set('stage', fields.stage);
  if (fields.progress !== undefined) set('progress', Math.max(0, Math.min(100, Math.round(fields.progress))));
  if (fields.pagesDone !== undefined) set('pages_done', fields.pagesDone);
  if (fields.pagesTotal !== undefined) set('pages_total', fields.pagesTotal);
  if (fields.error !== undefined)
    set('error', fields.error === null ? null : JSON.stringify(fields.error), '::jsonb');
  if (fields.resultKey !== undefined) set('result_key', fields.resultKey);
  if (fields.mimeType !== undefined) set('mime_type', fields.mimeType);
  if (fields.fileKind !== undefined) set('file_kind', fields.fileKind);
  if (fields.attempt !== undefined) {
    set('attempt', fields.attempt);
    sets.push('started_at = coalesce(started_at, now())');
  }
  if (fields.incrementRetryCount) sets.push('retry_count = retry_count + 1');
  if (fields.finished) {
    sets.push('completed_at = now()');
    sets.push(
      'processing_ms = CASE WHEN started_at IS NULL THEN NULL ELSE (extract(epoch FROM now() - started_at) * 1000)::int END',
    );
  }
  const where = ['id = $1', 'status = ANY($3::text[])'];
  if (guard.orgId !== undefined) {
    values.push(guard.orgId);
    where.push(`org_id = $${values.length}`);
  }
  if (guard.attempt !== undefined) {
    values.push(guard.attempt);
    where.push(`attempt = $${values.length}`);
  }
  if (guard.extraWhere) where.push(`(${guard.extraWhere})`);
  const rows = await sql.query<JobRow>(
    `UPDATE jobs SET ${sets.join(', ')} WHERE ${where.join(' AND ')} RETURNING *`,
    values,
  );
  return rows[0] ? toJobRecord(rows[0]) : null;
}

/**
 * Take a job for a queue attempt. processing → processing is allowed only for a newer attempt:
 * the queue re-delivered it because the worker that had it stopped sending heartbeats.
 */
export function claimJob(sql: Sql, id: JobId, attempt: number): Promise<JobRecord | null> {
  return moveJob(
    sql,
    id,
    'processing',
    { attempt, stage: 'validating', progress: 0, pagesDone: 0, error: null },
    { extraWhere: `status <> 'processing' OR attempt < ${Number(attempt)}` },
  );
}

/** Progress is not a status move, but it carries the same guard: only the owning attempt writes. */
export async function reportProgress(
  sql: Sql,
  id: JobId,
  attempt: number,
  progress: { stage?: JobStage; progress?: number; pagesDone?: number; pagesTotal?: number },
): Promise<void> {
  await sql.query(
    `UPDATE jobs SET stage = coalesce($3, stage), progress = coalesce($4, progress),
            pages_done = coalesce($5, pages_done), pages_total = coalesce($6, pages_total), updated_at = now()
     WHERE id = $1 AND attempt = $2 AND status = 'processing'`,
    [
      id,
      attempt,
      progress.stage ?? null,
      progress.progress === undefined ? null : Math.round(progress.progress),
      progress.pagesDone ?? null,
      progress.pagesTotal ?? null,
    ],
  );
}
