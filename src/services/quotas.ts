import { DocjobsError } from '../core/errors.ts';
import { getJobByIdempotencyKey } from '../store/jobs/get-job.ts';
import { pagesToday, reserveJobSlot } from '../store/quotas.ts';
import type { Context } from './context.ts';
import { discardDocument, type JobRequest, type StoredDocument } from './submit-job.ts';

/**
 * The organisation's quotas, checked as a job is about to be written (the first step of enqueueJob):
 * QUOTA_PAGES_PER_DAY (pages read by its jobs finished since midnight UTC) and QUOTA_CONCURRENT_JOBS
 * (jobs queued, processing or retrying). Over either: QUOTA_EXCEEDED, HTTP 429 — the same request
 * passes later, as jobs end or the day turns — and the stored document is discarded. Costs nothing
 * with both quotas off; with them on, one read and one short transaction per submit.
 *
 * A retried request whose Idempotency-Key already made a job is let through: enqueueJob answers
 * it with that job, and a replay must not be refused for the load its own first try created.
 */
export async function checkQuotas(
  ctx: Context,
  document: StoredDocument,
  request: JobRequest,
): Promise<void> {
  const { quotaPagesPerDay, quotaConcurrentJobs } = ctx.config;
  if (quotaPagesPerDay === 0 && quotaConcurrentJobs === 0) return;
  const refusal = await quotaRefusal(ctx, document, request);
  if (!refusal) return;
  if (request.idempotencyKey && (await getJobByIdempotencyKey(ctx.db, request.orgId, request.idempotencyKey)))
    return;
  await discardDocument(ctx, document);
  throw refusal;
}

async function quotaRefusal(
  ctx: Context,
  document: StoredDocument,
  request: JobRequest,
): Promise<DocjobsError | null> {
  const { quotaPagesPerDay, quotaConcurrentJobs } = ctx.config;
  if (quotaPagesPerDay > 0) {
    const today = await pagesToday(ctx.db, request.orgId);
    if (today.pages >= quotaPagesPerDay) {
      return new DocjobsError(
        'QUOTA_EXCEEDED',
        `the organisation's jobs read ${today.pages} pages today (UTC), the quota is ${quotaPagesPerDay}`,
        { details: { quota: 'pagesPerDay', limit: quotaPagesPerDay, retryAfterSeconds: today.resetSeconds } },
      );
    }
  }
  if (quotaConcurrentJobs > 0) {
    const slot = await reserveJobSlot(ctx.db, request.orgId, document.jobId, quotaConcurrentJobs);
    if (!slot.reserved) {
      return new DocjobsError(
        'QUOTA_EXCEEDED',
        `the organisation has ${slot.active} jobs queued or running, the quota is ${quotaConcurrentJobs}`,
        { details: { quota: 'concurrentJobs', limit: quotaConcurrentJobs } },
      );
    }
  }
  return null;
}
