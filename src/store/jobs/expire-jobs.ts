import { statusesThatMoveTo } from '../../core/job-status.ts';
import type { Sql } from '../db.ts';

/**
 * The purge's SQL (DESIGN.md "Retention"). Each statement touches at most `limit` rows, takes them
 * with FOR UPDATE SKIP LOCKED (a row a request is deleting or a worker is moving is left for the
 * next run rather than waited on), and walks an index in order, so a run over 100,000 due jobs is
 * 200 short statements rather than one that locks them all.
 */

/** Position in the jobs_purge_due index: the purge resumes after the last row it looked at. */
export interface DueCursor {
  /** As the database printed it: a JS Date would drop the microseconds and could repeat a scan forever. */
  expiresAt: string;
  id: string;
}

export interface ExpireBatch {
  ids: string[];
  /** Where the next batch starts; null when this one was the last. */
  next: DueCursor | null;
}

/**
 * Terminal, case-less jobs past `expires_at` → `expired`: the blob keys and the request options are
 * emptied, metadata and status stay, `expired_at` is stamped. The guard is the state table's
 * (`statusesThatMoveTo('expired')`), so a queued or running job past its expiry is never touched.
 *
 * The cursor steps past rows that are due but not movable (still running, or locked right now):
 * without it each batch would scan them again from the start of the index.
 */
export async function expireDueJobs(
  sql: Sql,
  options: { now: Date | null; limit: number; after: DueCursor | null },
): Promise<ExpireBatch> {
  const rows = await sql.query<{ id: string; expires_at: string; moved: boolean }>(
    `WITH scanned AS (
       SELECT id, expires_at, status = ANY($3::text[]) AS movable FROM jobs
       WHERE expires_at IS NOT NULL AND expired_at IS NULL AND case_id IS NULL
         AND expires_at <= coalesce($1::timestamptz, now())
         ${options.after ? 'AND (expires_at, id) > ($4::timestamptz, $5::text)' : ''}
       ORDER BY expires_at, id
       LIMIT $2
     ),
     due AS (
       SELECT j.id FROM jobs j JOIN scanned s ON s.id = j.id
       WHERE s.movable AND j.status = ANY($3::text[])
       FOR UPDATE OF j SKIP LOCKED
     ),
     moved AS (
       UPDATE jobs j SET status = 'expired', expired_at = now(), updated_at = now(),
              document_key = NULL, result_key = NULL, options = '{}', trace = NULL
       FROM due WHERE j.id = due.id AND j.status = ANY($3::text[])
       RETURNING j.id
     )
     SELECT s.id, s.expires_at::text AS expires_at, (m.id IS NOT NULL) AS moved
     FROM scanned s LEFT JOIN moved m ON m.id = s.id
     ORDER BY s.expires_at, s.id`,
    [
      options.now,
      options.limit,
      statusesThatMoveTo('expired'),
      ...(options.after ? [options.after.expiresAt, options.after.id] : []),
    ],
  );
  const last = rows.at(-1);
  return {
    ids: rows.filter((row) => row.moved).map((row) => row.id),
    next: rows.length < options.limit || !last ? null : { expiresAt: last.expires_at, id: last.id },
  };
}

/**
 * Expired rows whose grace period is over are dropped, oldest expiry first. Usage records are
 * their own table and stay.
 */
export async function dropExpiredJobs(
  sql: Sql,
  options: { now: Date | null; graceDays: number; limit: number },
): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `DELETE FROM jobs WHERE id IN (
       SELECT id FROM jobs
       WHERE expired_at IS NOT NULL AND status = 'expired'
         AND expired_at <= coalesce($1::timestamptz, now()) - make_interval(days => $2::int)
       ORDER BY expired_at
       LIMIT $3
       FOR UPDATE SKIP LOCKED
     ) AND status = 'expired'
     RETURNING id`,
    [options.now, options.graceDays, options.limit],
  );
  return rows.map((row) => row.id);
}

export interface PurgePreview {
  /** Jobs the purge would turn into `expired` now. */
  due: number;
  dueIds: string[];
  /** Non-terminal jobs past their expiry: left alone until they end. */
  dueButRunning: number;
  /** Expired rows past the grace period: the purge would drop them. */
  droppable: number;
  droppableIds: string[];
}

/** What a purge would do, changing nothing (`docjobs purge --dry-run`). */
export async function previewPurge(
  sql: Sql,
  options: { now: Date | null; graceDays: number; sample: number },
): Promise<PurgePreview> {
  const dueWhere = `expires_at IS NOT NULL AND expired_at IS NULL AND case_id IS NULL
    AND expires_at <= coalesce($1::timestamptz, now())`;
  const dropWhere = `expired_at IS NOT NULL AND status = 'expired'
    AND expired_at <= coalesce($1::timestamptz, now()) - make_interval(days => $2::int)`;
  const sources = statusesThatMoveTo('expired');
  const [counts, dueIds, droppableIds] = await Promise.all([
    sql.query<{ due: number; running: number; droppable: number }>(
      `SELECT (SELECT count(*) FILTER (WHERE status = ANY($3::text[])) FROM jobs WHERE ${dueWhere})::int AS due,
              (SELECT count(*) FILTER (WHERE NOT status = ANY($3::text[])) FROM jobs WHERE ${dueWhere})::int AS running,
              (SELECT count(*) FROM jobs WHERE ${dropWhere})::int AS droppable`,
      [options.now, options.graceDays, sources],
    ),
    sql.query<{ id: string }>(
      `SELECT id FROM jobs WHERE ${dueWhere} AND status = ANY($2::text[]) ORDER BY expires_at, id LIMIT $3`,
      [options.now, sources, options.sample],
    ),
    sql.query<{ id: string }>(`SELECT id FROM jobs WHERE ${dropWhere} ORDER BY expired_at, id LIMIT $3`, [
      options.now,
      options.graceDays,
      options.sample,
    ]),
  ]);
  const count = counts[0] ?? { due: 0, running: 0, droppable: 0 };
  return {
    due: count.due,
    dueIds: dueIds.map((row) => row.id),
    dueButRunning: count.running,
    droppable: count.droppable,
    droppableIds: droppableIds.map((row) => row.id),
  };
}
