import { statusesThatMoveTo } from '../../core/job-status.ts';
import type { Database } from '../db.ts';

/**
 * A worker killed on its last allowed attempt leaves its row "processing" while the queue gives
 * up on the message (state failed). Nothing else would ever move that row, so it is failed here.
 * Only rows quiet for 30 s, so a live worker finishing its last write is never overtaken.
 */
export async function failAbandonedJobs(db: Database): Promise<number> {
  const rows = await db.query(
    `UPDATE jobs SET status = 'failed', updated_at = now(), completed_at = now(),
       error = jsonb_build_object('code', 'INTERNAL_ERROR', 'stage', stage, 'retryable', false,
         'message', 'the worker running this job stopped and its retries are used up')
     WHERE status = ANY($1::text[]) AND status IN ('processing', 'retrying')
       AND updated_at < now() - interval '30 seconds'
       AND EXISTS (SELECT 1 FROM ${db.bossSchema}.job q WHERE q.id::text = jobs.queue_job_id AND q.state = 'failed')
     RETURNING id`,
    [statusesThatMoveTo('failed')],
  );
  return rows.length;
}
