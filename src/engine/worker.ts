import { availableParallelism } from 'node:os';
import type { Job as QueueJob } from 'pg-boss';
import { isJobId } from '../core/ids.ts';
import { configurePdfPool } from '../pipeline/pdf/pdf-pool.ts';
import type { Context } from '../services/context.ts';
import { type RunMessage, runQueue } from './queue.ts';
import { runJob } from './run-job.ts';
import { RunningJobs } from './running-jobs.ts';
import { Slots } from './slots.ts';
import { failAbandonedJobs } from './sweep-abandoned.ts';

export interface WorkerOptions {
  concurrency: number;
  /**
   * Jobs fetched per poll. pg-boss sleeps its polling interval after a fetch that comes back
   * short; with batches and burstWhenBatchFull a backlog drains without sleeping
   * (measured here: ~20 jobs/s at batch 1, ~1,400/s at batch 10 on PGlite).
   */
  batchSize?: number;
}

export interface Worker {
  /** Jobs running in this process right now. */
  activeJobs(): number;
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** Takes jobs off the queue and runs them; as many as `concurrency` at once in this process. */
export async function startWorker(ctx: Context, options: WorkerOptions): Promise<Worker> {
  // Parsing runs in threads: one per job at most, and no more than the cores can run.
  configurePdfPool({ size: Math.max(1, Math.min(options.concurrency, availableParallelism())) });
  const running = new RunningJobs(ctx.db);
  const slots = new Slots(options.concurrency);
  const batchSize = options.batchSize ?? 4;
  const handle = async (jobs: QueueJob<RunMessage>[]) =>
    Promise.all(
      jobs.map(async (job) => {
        const jobId = job.data?.jobId;
        if (typeof jobId !== 'string' || !isJobId(jobId)) return { id: job.id, status: 'completed' as const };
        const release = await slots.acquire();
        try {
          const outcome = await runJob(ctx, running, jobId, job.retryCount, job.signal);
          return outcome === 'done'
            ? { id: job.id, status: 'completed' as const }
            : { id: job.id, status: 'failed' as const, output: { retry: true } };
        } catch (error) {
          // Our own bookkeeping failed (the database went away): let the queue deliver it again.
          return { id: job.id, status: 'failed' as const, output: { message: String(error) } };
        } finally {
          release();
        }
      }),
    );
  const workId = await ctx.queue.work<RunMessage>(
    runQueue,
    {
      localConcurrency: options.concurrency,
      batchSize,
      burstWhenBatchFull: true,
      perJobResults: true,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 2,
    },
    handle,
  );
  const sweep = setInterval(() => {
    failAbandonedJobs(ctx.db).catch(() => {});
  }, 15_000);
  sweep.unref();

  return {
    activeJobs: () => running.size,
    async stop({ graceMs = 10_000 } = {}) {
      clearInterval(sweep);
      const stopping = ctx.queue.offWork(runQueue, { id: workId, wait: true });
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([stopping, grace]);
      // Past the grace period, running jobs are handed back: the queue re-delivers them.
      running.stopAll('shutdown');
      await stopping.catch(() => {});
      running.close();
    },
  };
}
