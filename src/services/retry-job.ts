import { DocjobsError } from '../core/errors.ts';
import type { JobId, OrgId } from '../core/ids.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';
import { enqueueJob, type JobRequest, type Submitted, submitJob } from './submit-job.ts';

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
