import type { Job as QueueJob } from 'pg-boss';
import { isJobId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import type { Context } from '../services/context.ts';
import { settleStrandedJobs, settleWaitingChildren } from '../services/dependencies.ts';
import { handBackJob } from '../services/run-messages.ts';
import { type Completion, completeJobs } from '../store/jobs/complete-jobs.ts';
import { failAbandonedJobs } from '../store/jobs/fail-abandoned-jobs.ts';
import { claimJobs, type JobClaim, type Move, moveJobs } from '../store/jobs/move-job.ts';
import { attemptsSoFar, type RunMessage, runQueue } from '../store/queue.ts';
import { BlobStoreGuard } from './blob-store-guard.ts';
import { GroupCommit } from './group-commit.ts';
import { type JobWriter, runJob } from './run-job.ts';
import { RunningJobs } from './running-jobs.ts';

export interface WorkerOptions {
  /**
   * Fetch loops, each running the jobs of its batch side by side; also the number of threads of
   * the CPU-bound stages (parsing), which is what really bounds the machine. A job waiting on the
   * database, the blob store or (later) an LLM endpoint costs no core, so it need not hold one.
   */
  concurrency: number;
  /**
   * Jobs fetched per poll. pg-boss sleeps its polling interval after a fetch that comes back
   * short; with batches and burstWhenBatchFull a backlog drains without sleeping. Measured on
   * PGlite, 2,000 small jobs, concurrency 2: batch 4 → 681 jobs/s, 10 → 1,159, 20 → 1,733.
   */
  batchSize: number;
}

export interface Worker {
  /** Jobs running in this process right now. */
  activeJobs(): number;
  stop(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Takes jobs off the queue and runs them: up to concurrency × batchSize in flight, with the CPU-bound
 * work in pools of `concurrency` threads. (Running only `concurrency` jobs at once left a drain of
 * small jobs waiting on round trips: 314 jobs/s against 2,447 for raw pg-boss on PGlite.)
 */
export async function startWorker(ctx: Context, options: WorkerOptions): Promise<Worker> {
  const running = new RunningJobs(ctx.db);
  // Claims and final moves of jobs running side by side are written together (see GroupCommit):
  // per-job statements were most of the time a drain of small jobs took.
  const claims = new GroupCommit<JobClaim, JobRecord | null>(async (items) => {
    const claimed = new Map((await claimJobs(ctx.db, items)).map((record) => [record.id, record]));
    return items.map((item) => claimed.get(item.id) ?? null);
  });
  const completions = new GroupCommit<Completion, boolean>((items) => completeJobs(ctx.db, items));
  const moves = new GroupCommit<Move, boolean>((items) => moveJobs(ctx.db, items));
  // Jobs waiting on the ones that ended (dependsOn) start now: one lookup per group of endings.
  const endings = new GroupCommit<string, undefined>(async (ids) => {
    await settleWaitingChildren(ctx, ids);
    return ids.map(() => undefined);
  });
  const write: JobWriter = {
    complete: (completion) => completions.submit(completion),
    move: (move) => moves.submit(move),
  };
  const blobGuard = new BlobStoreGuard(
    ctx,
    () => void ctx.queue.offWork(runQueue, { wait: false }).catch(() => {}),
  );

  const handle = async (jobs: QueueJob<RunMessage>[]) =>
    Promise.all(
      jobs.map(async (job) => {
        const jobId = job.data?.jobId;
        if (typeof jobId !== 'string' || !isJobId(jobId)) return { id: job.id, status: 'completed' as const };
        const delivery = attemptsSoFar(job.data, job.retryCount);
        try {
          const record = await claims.submit({ id: jobId, attempt: delivery.attempt });
          if (!record) return { id: job.id, status: 'completed' as const }; // cancelled, done, or a duplicate
          // Fetched before this worker met a blob store fault: back unrun (blob-store-guard.ts).
          const outcome = blobGuard.faulted
            ? 'handback'
            : await runJob(ctx, running, write, record, delivery, job.signal, blobGuard);
          // The sweep below settles them too, should this process die first.
          if (outcome === 'done') endings.submit(record.id).catch(() => {});
          // Back in the queue under a new message (or cancelled meanwhile): this one is done with.
          // Should that transaction fail, failing this message lets pg-boss deliver it again.
          if (outcome === 'handback') {
            const handedBack = await handBackJob(ctx, record, delivery);
            return { id: job.id, status: 'completed' as const, output: { handedBack } };
          }
          return outcome === 'done'
            ? { id: job.id, status: 'completed' as const }
            : { id: job.id, status: 'failed' as const, output: { retry: true } };
        } catch (error) {
          // Our own bookkeeping failed (the database went away): let the queue deliver it again.
          return { id: job.id, status: 'failed' as const, output: { message: String(error) } };
        }
      }),
    );
  const workId = await ctx.queue.work<RunMessage>(
    runQueue,
    {
      localConcurrency: options.concurrency,
      batchSize: options.batchSize,
      burstWhenBatchFull: true,
      perJobResults: true,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 2,
    },
    handle,
  );
  const sweep = setInterval(() => {
    failAbandonedJobs(ctx.db).catch(() => {});
    settleStrandedJobs(ctx).catch(() => {});
  }, 15_000);
  sweep.unref();

  return {
    activeJobs: () => running.size,
    async stop({ graceMs = 10_000 } = {}) {
      clearInterval(sweep);
      // Jobs that checkpoint their pages hand back at their next page (their next attempt starts
      // there) instead of holding the shutdown for up to the grace period.
      running.handBackAll();
      const stopping = ctx.queue.offWork(runQueue, { id: workId, wait: true });
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([stopping, grace]);
      // Past the grace period, the jobs still running are handed back: back to `queued` under a new queue
      // message (handBackJob), without spending a retry; the next worker to start runs them.
      running.stopAll('shutdown');
      await stopping.catch(() => {});
      running.close();
    },
  };
}
