import { DocjobsError } from '../core/errors.ts';
import type { JobId, OrgId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';
import { type Submitted, submitJob } from './submit-job.ts';

/** A new job over the same document (or parents) and request; the old one is left as it is. */
export async function retryJob(ctx: Context, orgId: OrgId, id: string): Promise<Submitted> {
  const job = await findJob(ctx, orgId, id);
  if (!job.documentKey && job.dependsOn.length === 0 && job.type !== 'generate')
    throw new DocjobsError('CONFLICT', `job ${id} has no document left to retry`);
  return submitJob(ctx, {
    orgId,
    type: job.type,
    task: { resolved: { task: job.task, extractor: retriedExtractor(job) } },
    dependsOn: job.dependsOn.length > 0 ? job.dependsOn : undefined,
    document: job.documentKey ? { kind: 'blob', key: job.documentKey } : { kind: 'none', field: 'document' },
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
  });
}

const retriedExtractor = (job: JobRecord) =>
  job.extractorId ? { id: job.extractorId, version: job.extractorVersion ?? 1 } : null;
