import { jobPrefix } from '../blobs/blob-store.ts';
import { type DueCursor, dropExpiredJobs, expireDueJobs, previewPurge } from '../store/jobs/expire-jobs.ts';
import type { Context } from './context.ts';

/** What the purge needs: no queue, so `docjobs purge` can run it with only a database and the blobs. */
export type PurgeContext = Pick<Context, 'db' | 'blobs' | 'config'>;

export interface PurgeOptions {
  dryRun?: boolean;
  /** Rows per statement. 500 keeps each statement to a few ms on PostgreSQL (see bench/purge.ts). */
  batchSize?: number;
  /** Ids shown by a dry run. */
  sample?: number;
  /** The purge's clock; default the database's now(). Tests and the bench move it forward. */
  now?: Date;
  /** Stops between batches (the worker is shutting down); what was done stays done. */
  signal?: AbortSignal;
}

export interface PurgeReport {
  dryRun: boolean;
  /** Jobs turned into `expired` (dry run: that would be). */
  expired: number;
  /** Expired rows dropped after the grace period (dry run: that would be). */
  dropped: number;
  /** Non-terminal jobs past their expiry, left alone (dry run only; a real run skips them). */
  skippedRunning: number;
  /** The first ids of each kind. */
  expiredIds: string[];
  droppedIds: string[];
  /** Blob prefixes that could not be removed; the grace drop tries again. */
  blobErrors: number;
  ms: number;
}

export const defaultPurgeBatch = 500;
/** Blob prefixes removed side by side: enough to keep the filesystem (or S3) busy, not the API starved. */
const blobConcurrency = 8;

/**
 * DESIGN.md "Retention": terminal jobs past `expires_at` and in no case become `expired` (their
 * document, result, thumbnails and trace deleted, the row kept with its metadata and status), and
 * expired rows are dropped `expiredGraceDays` after they expired.
 *
 * Batch by batch: a batch's rows are committed as `expired` first, then their blobs go. A crash in
 * between leaves blobs no API can reach any more (the keys are gone); the grace drop removes each
 * dropped job's prefix again, so they do not outlive it.
 */
export async function purgeExpired(ctx: PurgeContext, options: PurgeOptions = {}): Promise<PurgeReport> {
  const started = performance.now();
  const limit = options.batchSize ?? defaultPurgeBatch;
  const sample = options.sample ?? 20;
  const now = options.now ?? null;
  const graceDays = ctx.config.expiredGraceDays;
  if (options.dryRun) {
    const preview = await previewPurge(ctx.db, { now, graceDays, sample });
    return {
      dryRun: true,
      expired: preview.due,
      dropped: preview.droppable,
      skippedRunning: preview.dueButRunning,
      expiredIds: preview.dueIds,
      droppedIds: preview.droppableIds,
      blobErrors: 0,
      ms: performance.now() - started,
    };
  }
  const report: PurgeReport = {
    dryRun: false,
    expired: 0,
    dropped: 0,
    skippedRunning: 0,
    expiredIds: [],
    droppedIds: [],
    blobErrors: 0,
    ms: 0,
  };
  const removeBlobs = async (ids: string[]) => {
    report.blobErrors += await deletePrefixes(ctx, ids);
  };

  let after: DueCursor | null = null;
  do {
    if (options.signal?.aborted) break;
    const batch = await expireDueJobs(ctx.db, { now, limit, after });
    report.expired += batch.ids.length;
    if (report.expiredIds.length < sample) report.expiredIds.push(...batch.ids.slice(0, sample));
    await removeBlobs(batch.ids);
    after = batch.next;
  } while (after);

  for (;;) {
    if (options.signal?.aborted) break;
    const ids = await dropExpiredJobs(ctx.db, { now, graceDays, limit });
    report.dropped += ids.length;
    if (report.droppedIds.length < sample) report.droppedIds.push(...ids.slice(0, sample));
    await removeBlobs(ids); // normally empty already: the backstop for a crash mid-expiry
    if (ids.length < limit) break;
  }
  report.expiredIds = report.expiredIds.slice(0, sample);
  report.droppedIds = report.droppedIds.slice(0, sample);
  report.ms = performance.now() - started;
  return report;
}

/** Remove `jobs/{id}/` of each job, a few at a time; returns how many failed. */
async function deletePrefixes(ctx: PurgeContext, ids: string[]): Promise<number> {
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      await ctx.blobs.deletePrefix(jobPrefix(id)).catch(() => {
        failed++;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(blobConcurrency, ids.length) }, lane));
  return failed;
}
