import { type PurgeContext, type PurgeReport, purgeExpired } from '../services/purge.ts';
import { ensureQueue, type Queue, startScheduler } from '../store/queue.ts';

export const purgeQueue = 'docjobs-purge';

export interface PurgeSchedule {
  stop(): Promise<void>;
}

/**
 * The retention purge as a pg-boss schedule (PURGE_CRON, UTC) and a worker for its queue. Every
 * worker process registers both: `schedule()` is an upsert (a changed PURGE_CRON replaces the old
 * one), pg-boss's cron monitor sends one job per occurrence however many processes run it, and the
 * queue's `exclusive` policy keeps a second purge from being queued or run while one is.
 *
 * `missed: 'once'`: a deployment that was down at 03:00 purges once when it comes back instead of
 * waiting a day. The run is batched and safe to interrupt (see services/purge.ts), so a long one
 * keeps its job alive with heartbeats, and a stop aborts it between batches.
 */
export async function startPurgeSchedule(
  ctx: PurgeContext & { queue: Queue },
  options: { onReport?: (report: PurgeReport) => void } = {},
): Promise<PurgeSchedule> {
  const { queue } = ctx;
  await ensureQueue(queue, purgeQueue, {
    policy: 'exclusive',
    retryLimit: 2,
    retryDelay: 60,
    heartbeatSeconds: 60,
    // 100,000 jobs took well under this in bench/purge.ts; a run that outgrows it is retried and
    // resumes where it stopped (every batch it finished is committed).
    expireInSeconds: 4 * 3600,
    deleteAfterSeconds: 7 * 86400,
    notify: true, // on PGlite a sent purge wakes the worker at once
  });
  await queue.schedule(purgeQueue, ctx.config.purgeCron, {}, { tz: 'UTC', missed: 'once' });
  const stopping = new AbortController();
  const workId = await queue.work(
    purgeQueue,
    // Our PostgreSQL adapter offers pg-boss no LISTEN, so there the poll is what picks a purge up;
    // one cheap fetch every 5 s beside the run queue's 0.5 s costs nothing worth saving.
    { pollingIntervalSeconds: 5, notifyPollingIntervalSeconds: 30 },
    async ([job]) => {
      const signal = job?.signal ? AbortSignal.any([job.signal, stopping.signal]) : stopping.signal;
      const report = await purgeExpired(ctx, { signal });
      options.onReport?.(report);
      return {
        expired: report.expired,
        dropped: report.dropped,
        blobErrors: report.blobErrors,
        ms: Math.round(report.ms),
      };
    },
  );
  // The cron monitor that sends the purge's jobs (store/queue.ts: the queue's instance has none).
  const scheduler = await startScheduler(ctx.db);
  return {
    async stop() {
      stopping.abort();
      await queue.offWork(purgeQueue, { id: workId, wait: true }).catch(() => {});
      await scheduler.stop({ graceful: false, close: false }).catch(() => {});
    },
  };
}
