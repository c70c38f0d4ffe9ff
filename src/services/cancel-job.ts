import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { isTerminal } from '../core/job-status.ts';
import { moveJob } from '../store/jobs/move-job.ts';
import { runQueue } from '../store/queue.ts';
import type { Context } from './context.ts';
import { settleWaitingChildren } from './dependencies.ts';
import { findJob } from './find-job.ts';

/**
 * queued / processing / retrying → cancelled. A running worker sees the row change within
 * its watch interval and aborts; a queued message is cancelled in the queue too.
 */
export async function cancelJob(ctx: Context, orgId: OrgId, id: string): Promise<JobRecord> {
  const job = await findJob(ctx, orgId, id);
  if (isTerminal(job.status)) {
    throw new DocjobsError('CONFLICT', `job ${id} is already ${job.status}`, {
      details: { status: job.status },
    });
  }
  const cancelled = await moveJob(
    ctx.db,
    job.id,
    'cancelled',
    {
      finished: true,
      stage: null,
      error: { code: 'CANCELLED', message: 'cancelled on request', stage: job.stage, retryable: false },
    },
    { orgId },
  );
  if (!cancelled) return cancelJob(ctx, orgId, id); // it moved meanwhile: answer from its new state
  if (job.queueJobId) await ctx.queue.cancel(runQueue, job.queueJobId).catch(() => {});
  await settleWaitingChildren(ctx, [job.id]);
  return cancelled;
}
