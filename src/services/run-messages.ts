import type { JobRecord } from '../core/job.ts';
import type { Tx } from '../store/db.ts';
import { setQueueJobId } from '../store/jobs/insert-job.ts';
import { moveJob } from '../store/jobs/move-job.ts';
import { type RunMessage, runQueue } from '../store/queue.ts';
import type { Context } from './context.ts';

/** What a handed-back job's new message carries over from its run so far. */
type RunCarry = { attempts: number; retries: number };

/**
 * The job's run message, in the caller's transaction; its id is kept on the row for cancels.
 * `messageId`: the id insertJob already wrote on the row (a submit without parents), which spares
 * every submit the UPDATE that would write it and a second row version. `carried`: see handBackJob.
 */
export async function enqueueRunMessage(
  ctx: Context,
  tx: Tx,
  job: Pick<JobRecord, 'id' | 'priority' | 'timeoutSeconds'>,
  { carried = null, messageId = null }: { carried?: RunCarry | null; messageId?: string | null } = {},
): Promise<string | null> {
  const message: RunMessage = { jobId: job.id, ...carried };
  const queueJobId = await ctx.queue.send(runQueue, message, {
    db: tx.boss,
    ...(messageId ? { id: messageId } : {}),
    priority: job.priority,
    // The queue's expiry only backstops our own timeout, which fires first and records `timeout`.
    expireInSeconds: job.timeoutSeconds + 60,
    // pg-boss counts the retries of this message only: it may make the ones the job has left.
    ...(carried ? { retryLimit: Math.max(0, ctx.config.maxRetries - carried.retries) } : {}),
  });
  if (queueJobId && queueJobId !== messageId) await setQueueJobId(tx, job.id, queueJobId);
  return queueJobId;
}

/**
 * A job its worker stopped at shutdown (SHUTDOWN_GRACE_SECONDS ran out) goes back to `queued`, with
 * a new queue message, in one transaction; the worker then completes the old message. Failing the
 * old message instead, for pg-boss to retry, spent one of the job's MAX_RETRIES on a deploy, and
 * with MAX_RETRIES=0 ended it (the row stayed `processing` until the abandoned-job sweep failed it).
 * The new message carries the attempts and retries used so far (RunMessage), so the next worker
 * runs the job with the retries it had, and its retryCount and error are as before the stop.
 * The price: the new message queues behind those sent before it at the same priority.
 * False when the row is not this attempt's to move any more (cancelled meanwhile): nothing to send.
 */
export async function handBackJob(
  ctx: Context,
  job: Pick<JobRecord, 'id' | 'priority' | 'timeoutSeconds'>,
  run: { attempt: number; retries: number },
): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const moved = await moveJob(
      tx,
      job.id,
      'queued',
      { stage: null, progress: 0, pagesDone: 0 },
      { attempt: run.attempt },
    );
    if (!moved) return false;
    await enqueueRunMessage(ctx, tx, job, { carried: { attempts: run.attempt + 1, retries: run.retries } });
    return true;
  });
}
