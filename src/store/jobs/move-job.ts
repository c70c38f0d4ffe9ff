import type { JobFailure, JobStage } from '../../core/errors.ts';
import type { JobId, OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import { type JobStatus, statusesThatMoveTo } from '../../core/job-status.ts';
import type { Database, Sql } from '../db.ts';
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
  /** Stamps completed_at and processing_ms, and ends any wait for parents (dependsOn). */
  finished?: boolean;
}

export interface MoveGuard {
  orgId?: OrgId;
  /** Only the attempt that claimed the job may move it on: a reclaimed job ignores its old worker. */
  attempt?: number;
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
  const { text, values } = moveStatement({ id, to, fields, guard }, '*');
  const rows = await sql.query<JobRow>(text, values);
  return rows[0] ? toJobRecord(rows[0]) : null;
}

export interface Move {
  id: JobId;
  to: JobStatus;
  fields: MoveFields;
  guard: MoveGuard;
}

/**
 * Several moves in one transaction (the worker's group commit). Each keeps its own guard;
 * the answer says, move by move, whether it was allowed. Only the id comes back: decoding
 * whole rows was ~12 % of a drain of tiny jobs on PGlite.
 */
export async function moveJobs(db: Database, moves: Move[]): Promise<boolean[]> {
  const run = async (sql: Sql) => {
    const moved: boolean[] = [];
    for (const move of moves) {
      const { text, values } = moveStatement(move, 'id');
      moved.push((await sql.query(text, values)).length === 1);
    }
    return moved;
  };
  return moves.length === 1 ? run(db) : db.transaction(run);
}

function moveStatement(
  { id, to, fields, guard }: Move,
  returning: '*' | 'id',
): { text: string; values: unknown[] } {
  const values: unknown[] = [id, to, statusesThatMoveTo(to)];
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
    sets.push('completed_at = now()', 'waiting_for = NULL');
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
  return {
    text: `UPDATE jobs SET ${sets.join(', ')} WHERE ${where.join(' AND ')} RETURNING ${returning}`,
    values,
  };
}

/**
 * Take the jobs of a fetched queue batch, one statement for all: each (id, attempt) moves to
 * processing under the state table's guard. processing → processing is allowed only for a newer
 * attempt: the queue re-delivered the job because the worker that had it stopped sending heartbeats.
 * Jobs not returned were cancelled, finished, or already taken by this attempt: nothing to run.
 */
export interface JobClaim {
  id: JobId;
  attempt: number;
}

export async function claimJobs(sql: Sql, claims: JobClaim[]): Promise<JobRecord[]> {
  if (claims.length === 0) return [];
  const rows = await sql.query<JobRow>(
    `UPDATE jobs j SET status = 'processing', attempt = c.attempt, started_at = coalesce(j.started_at, now()),
            stage = 'parsing', progress = 0, pages_done = 0, error = NULL, updated_at = now()
     FROM unnest($1::text[], $2::int[]) AS c(id, attempt)
     WHERE j.id = c.id AND j.status = ANY($3::text[]) AND (j.status <> 'processing' OR j.attempt < c.attempt)
     RETURNING j.*`,
    [claims.map((claim) => claim.id), claims.map((claim) => claim.attempt), statusesThatMoveTo('processing')],
  );
  return rows.map(toJobRecord);
}

/** Progress is not a status move, but it carries the same guard: only the owning attempt writes. */
export async function reportProgress(
  sql: Sql,
  id: JobId,
  attempt: number,
  progress: {
    progress?: number;
    pagesDone?: number;
    pagesTotal?: number;
    mimeType?: string;
    stage?: JobStage;
  },
): Promise<void> {
  await sql.query(
    `UPDATE jobs SET mime_type = coalesce($3, mime_type), progress = coalesce($4, progress),
            pages_done = coalesce($5, pages_done), pages_total = coalesce($6, pages_total),
            stage = coalesce($7, stage), updated_at = now()
     WHERE id = $1 AND attempt = $2 AND status = 'processing'`,
    [
      id,
      attempt,
      progress.mimeType ?? null,
      progress.progress === undefined ? null : Math.round(progress.progress),
      progress.pagesDone ?? null,
      progress.pagesTotal ?? null,
      progress.stage ?? null,
    ],
  );
}
