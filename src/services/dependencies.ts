/**
 * dependsOn: a waiting job starts the moment its last parent ends well, and fails with
 * DEPENDENCY_FAILED when a parent failed, timed out, was cancelled, expired or was deleted.
 * Whoever ends a parent (its worker, a cancel, a bulk action) settles its children at once; the
 * worker's sweep settles any a crash left waiting. Each step is guarded, so settling twice is harmless.
 */
import type { JobId } from '../core/ids.ts';
import type { JobStatus } from '../core/job-status.ts';
import {
  findWaitingChildren,
  type ParentState,
  readParentStates,
  releaseWaitingJob,
  settleableWaitingJobs,
  setWaitingFor,
} from '../store/jobs/job-parents.ts';
import { moveJob } from '../store/jobs/move-job.ts';
import type { Context } from './context.ts';
import { enqueueRunMessage } from './run-messages.ts';

const endedWell: readonly (JobStatus | null)[] = ['completed', 'partial'];
const endedBadly: readonly (JobStatus | null)[] = ['failed', 'timeout', 'cancelled', 'expired', null];

export async function settleWaitingChildren(ctx: Context, parentIds: readonly string[]): Promise<void> {
  await settleWaitingJobs(ctx, await findWaitingChildren(ctx.db, parentIds));
}

/** The sweep: waiting jobs whose parents have all ended, in case their release was lost. */
export async function settleStrandedJobs(ctx: Context): Promise<number> {
  const ids = await settleableWaitingJobs(ctx.db, 500);
  await settleWaitingJobs(ctx, ids);
  return ids.length;
}

export async function settleWaitingJobs(ctx: Context, ids: readonly JobId[]): Promise<void> {
  for (const id of ids) await settleWaitingJob(ctx, id);
}

async function settleWaitingJob(ctx: Context, id: JobId): Promise<void> {
  const parents = await readParentStates(ctx.db, id);
  const failed = parents.find((parent) => endedBadly.includes(parent.status));
  if (failed) {
    await moveJob(ctx.db, id, 'failed', {
      finished: true,
      stage: null,
      error: {
        code: 'DEPENDENCY_FAILED',
        message: dependencyMessage(failed),
        stage: null,
        retryable: false,
      },
    });
    await settleWaitingChildren(ctx, [id]);
    return;
  }
  const running = parents.filter((parent) => !endedWell.includes(parent.status)).map((parent) => parent.id);
  if (running.length > 0) {
    await setWaitingFor(ctx.db, id, running);
    return;
  }
  await ctx.db.transaction(async (tx) => {
    const released = await releaseWaitingJob(tx, id);
    if (released) await enqueueRunMessage(ctx, tx, released);
  });
}

function dependencyMessage(parent: ParentState): string {
  return parent.status === null
    ? `the job it depends on, ${parent.id}, was deleted`
    : `the job it depends on, ${parent.id}, ended ${parent.status}`;
}
