/**
 * Page checkpoints (migration 0013): the reading of each page of a running job, kept until the job
 * ends so that its next attempt reads only the pages not read yet. The reading is opaque here: the
 * engine stores what the OCR stage gave it and hands it back unchanged.
 */
import type { JobId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';

export interface PageCheckpoint {
  /** The pass the reading belongs to ('standard', 'premium'). */
  pass: string;
  page: number;
  /** The attempt that read it. */
  attempt: number;
  reading: unknown;
}

/**
 * Stores a page's reading while `attempt` still owns the running job; false when it does not any
 * more (cancelled, ended, reclaimed by a newer attempt), which stores nothing: a stale worker's
 * late page cannot outlive the end that deleted the job's checkpoints. A page read again (two
 * attempts racing on it) keeps the first reading: both read the same bytes with the same options.
 */
export async function savePageCheckpoint(
  sql: Sql,
  jobId: JobId,
  checkpoint: PageCheckpoint,
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO page_checkpoints (job_id, pass, page, attempt, reading)
     SELECT id, $2, $3, $4, $5::jsonb FROM jobs WHERE id = $1 AND attempt = $4 AND status = 'processing'
     ON CONFLICT (job_id, pass, page) DO NOTHING
     RETURNING page`,
    [jobId, checkpoint.pass, checkpoint.page, checkpoint.attempt, JSON.stringify(checkpoint.reading)],
  );
  return rows.length === 1;
}

/** Every checkpoint of a job, by pass then page. */
export function listPageCheckpoints(sql: Sql, jobId: JobId): Promise<PageCheckpoint[]> {
  return sql.query<PageCheckpoint>(
    'SELECT pass, page, attempt, reading FROM page_checkpoints WHERE job_id = $1 ORDER BY pass, page',
    [jobId],
  );
}
