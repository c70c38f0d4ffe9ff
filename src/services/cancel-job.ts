import { jobPrefix } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { JobId, OrgId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { isTerminal } from '../core/job-status.ts';
import { deleteTerminalJob } from '../store/jobs/delete-job.ts';
import { moveJob } from '../store/jobs/move-job.ts';
import { runQueue } from '../store/queue.ts';
import type { Context } from './context.ts';
import { settleWaitingChildren } from './dependencies.ts';
import { findJob } from './find-job.ts';
import { enqueueJob, type JobRequest, type Submitted, submitJob } from './submit-job.ts';

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

/** A new job over the same document (or parents) and request; the old one is left as it is. */
export async function retryJob(ctx: Context, orgId: OrgId, id: string): Promise<Submitted> {
  const job = await findJob(ctx, orgId, id);
  if (!job.documentKey && job.dependsOn.length === 0)
    throw new DocjobsError('CONFLICT', `job ${id} has no document left to retry`);
  const request: JobRequest = {
    orgId,
    type: job.type,
    options: job.options,
    metadata: job.metadata,
    priority: job.priority,
    timeoutSeconds: job.timeoutSeconds,
    fileName: job.fileName,
    mimeType: job.mimeType,
    idempotencyKey: null,
    reprocessedFrom: job.id as JobId,
    webhookUrl: job.webhookUrl,
    caseId: job.caseId,
    task: job.task,
    extractor: job.extractorId ? { id: job.extractorId, version: job.extractorVersion ?? 1 } : null,
    dependsOn: job.dependsOn,
  };
  if (!job.documentKey) return enqueueJob(ctx, null, request);
  return submitJob(ctx, await ctx.blobs.get(job.documentKey), request);
}

export interface DeleteOutcome {
  jobsDeleted: number;
  errors: { jobId: string; code: string; message: string }[];
}

/** Terminal jobs only: the row goes, then every blob under the job's prefix (document, result, thumbnails). */
export async function deleteJob(ctx: Context, orgId: OrgId, id: string): Promise<DeleteOutcome> {
  const job = await findJob(ctx, orgId, id);
  if (!isTerminal(job.status)) {
    throw new DocjobsError(
      'JOB_NOT_TERMINAL',
      `job ${id} is ${job.status}; cancel it or wait for it to end first`,
    );
  }
  if (!(await deleteTerminalJob(ctx.db, orgId, job.id))) throw new DocjobsError('NOT_FOUND', `no job ${id}`);
  await ctx.blobs.deletePrefix(jobPrefix(job.id));
  return { jobsDeleted: 1, errors: [] };
}
