import type { JobRecord } from '../core/job.ts';
import { type RunMessage, runQueue } from '../engine/queue.ts';
import type { Tx } from '../store/db.ts';
import { setQueueJobId } from '../store/jobs/insert-job.ts';
import type { Context } from './context.ts';

/**
 * The job's run message, in the caller's transaction; its id is kept on the row for cancels.
 * A job inserted with its message's id already on the row (`queueJobId`, chosen before the insert)
 * skips the UPDATE that would write it: one round trip and one row version less per submit.
 */
export async function sendToQueue(
  ctx: Context,
  tx: Tx,
  job: Pick<JobRecord, 'id' | 'priority' | 'timeoutSeconds'> & { queueJobId?: string | null },
): Promise<string | null> {
  const message: RunMessage = { jobId: job.id };
  const queueJobId = await ctx.queue.send(runQueue, message, {
    db: tx.boss,
    ...(job.queueJobId ? { id: job.queueJobId } : {}),
    priority: job.priority,
    // The queue's expiry only backstops our own timeout, which fires first and records `timeout`.
    expireInSeconds: job.timeoutSeconds + 60,
  });
  if (queueJobId && queueJobId !== job.queueJobId) await setQueueJobId(tx, job.id, queueJobId);
  return queueJobId;
}
