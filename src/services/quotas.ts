import { DocjobsError } from '../core/errors.ts';
import type { JobId, OrgId } from '../core/ids.ts';
import { getJobByIdempotencyKey } from '../store/jobs/get-job.ts';
import { countActiveJobs, pagesToday, reserveJobSlot } from '../store/quotas.ts';
import type { Context } from './context.ts';

/**
 * The organisation's quotas, checked as a job is about to be written (submitJob, before the upload
 * is stored): QUOTA_PAGES_PER_DAY (pages read by its jobs finished since midnight UTC) and
 * QUOTA_CONCURRENT_JOBS (jobs queued, processing or retrying; the slot is reserved under `jobId`).
 * Over either: QUOTA_EXCEEDED, HTTP 429 — the same request passes later, as jobs end or the day
 * turns. Costs nothing with both quotas off; with them on, one read and one short transaction.
 *
 * A retried request whose Idempotency-Key already made a job is let through: submitJob answers
 * it with that job, and a replay must not be refused for the load its own first try created.
 */
export async function checkQuotas(
  ctx: Context,
  orgId: OrgId,
  jobId: JobId,
  isReplay: () => Promise<boolean>,
): Promise<void> {
  const { quotaPagesPerDay, quotaConcurrentJobs } = ctx.config;
  if (quotaPagesPerDay === 0 && quotaConcurrentJobs === 0) return;
  const refusal = await quotaRefusal(ctx, orgId, jobId);
  if (refusal && !(await isReplay())) throw refusal;
}

/**
 * The same quotas, read before the request's body is: a client over its quota gets its 429 before
 * its upload is streamed into the blob store, or its base64 decoded, or its URL fetched, and the
 * connection closes on the answer so the rest of the body is not read either. A glance, without the
 * lock: submits racing for the last slot all pass here, and checkQuotas, on the way to the insert,
 * still gives it to one. With quotas on, one or two more reads per submit.
 */
export async function checkQuotasBeforeUpload(
  ctx: Context,
  orgId: OrgId,
  idempotencyKey: string | null,
): Promise<void> {
  const { quotaPagesPerDay, quotaConcurrentJobs } = ctx.config;
  if (quotaPagesPerDay === 0 && quotaConcurrentJobs === 0) return;
  let refusal = await pagesRefusal(ctx, orgId);
  if (!refusal && quotaConcurrentJobs > 0) {
    const active = await countActiveJobs(ctx.db, orgId);
    if (active >= quotaConcurrentJobs) refusal = concurrentRefusal(active, quotaConcurrentJobs);
  }
  if (!refusal || (await keyMadeAJob(ctx, orgId, idempotencyKey))) return;
  throw refusal;
}

async function quotaRefusal(ctx: Context, orgId: OrgId, jobId: JobId): Promise<DocjobsError | null> {
  const { quotaConcurrentJobs } = ctx.config;
  const pages = await pagesRefusal(ctx, orgId);
  if (pages) return pages;
  if (quotaConcurrentJobs > 0) {
    const slot = await reserveJobSlot(ctx.db, orgId, jobId, quotaConcurrentJobs);
    if (!slot.reserved) return concurrentRefusal(slot.active, quotaConcurrentJobs);
  }
  return null;
}

async function pagesRefusal(ctx: Context, orgId: OrgId): Promise<DocjobsError | null> {
  const { quotaPagesPerDay } = ctx.config;
  if (quotaPagesPerDay === 0) return null;
  const today = await pagesToday(ctx.db, orgId);
  if (today.pages < quotaPagesPerDay) return null;
  return new DocjobsError(
    'QUOTA_EXCEEDED',
    `the organisation's jobs read ${today.pages} pages today (UTC), the quota is ${quotaPagesPerDay}`,
    { details: { quota: 'pagesPerDay', limit: quotaPagesPerDay, retryAfterSeconds: today.resetSeconds } },
  );
}

/**
 * When a slot frees is not known (a text page takes a second, OCR of a long scan minutes): 10 s
 * asks a client to come back soon without letting it hammer (each try is refused before its body).
 */
const concurrentRetryAfterSeconds = 10;

const concurrentRefusal = (active: number, limit: number) =>
  new DocjobsError(
    'QUOTA_EXCEEDED',
    `the organisation has ${active} jobs queued or running, the quota is ${limit}`,
    { details: { quota: 'concurrentJobs', limit, retryAfterSeconds: concurrentRetryAfterSeconds } },
  );

/** A retry whose Idempotency-Key already made a job: answered with that job, never refused. */
async function keyMadeAJob(
  ctx: Context,
  orgId: OrgId,
  idempotencyKey: string | null | undefined,
): Promise<boolean> {
  return Boolean(idempotencyKey && (await getJobByIdempotencyKey(ctx.db, orgId, idempotencyKey)));
}
