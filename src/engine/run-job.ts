import { BlobNotFoundError, resultKey } from '../blobs/blob-store.ts';
import { DocjobsError, type JobStage, permanent, toFailure } from '../core/errors.ts';
import type { JobId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { parseDocument } from '../pipeline/parse-document.ts';
import type { Context } from '../services/context.ts';
import { claimJob, moveJob, reportProgress } from '../store/jobs/move-job.ts';
import type { RunningJobs, StopReason } from './running-jobs.ts';

export type RunOutcome = 'done' | 'retry';

/** Progress writes are throttled: a 500-page PDF must not cost 500 UPDATEs. */
const progressIntervalMs = 250;

/**
 * Run one delivery of a queue message. Idempotent: the claim is a guarded UPDATE, so a duplicate
 * delivery of the same attempt, or a delivery for a cancelled job, does nothing.
 * Returns 'retry' when the queue should try again later (a transient error).
 */
export async function runJob(
  ctx: Context,
  running: RunningJobs,
  jobId: JobId,
  attempt: number,
  queueSignal: AbortSignal,
): Promise<RunOutcome> {
  const job = await claimJob(ctx.db, jobId, attempt);
  if (!job) return 'done';
  const controller = running.start(jobId, attempt);
  const timer = setTimeout(() => controller.abort('timeout' satisfies StopReason), job.timeoutSeconds * 1000);
  const onQueueAbort = () => controller.abort('lost' satisfies StopReason);
  queueSignal.addEventListener('abort', onQueueAbort, { once: true });
  let stage: JobStage = 'validating';
  try {
    await execute(ctx, job, attempt, controller.signal, (next) => {
      stage = next;
    });
    return 'done';
  } catch (error) {
    return await settleFailure(ctx, job, attempt, controller.signal, error, stage);
  } finally {
    clearTimeout(timer);
    queueSignal.removeEventListener('abort', onQueueAbort);
    running.finish(jobId);
  }
}

async function execute(
  ctx: Context,
  job: JobRecord,
  attempt: number,
  signal: AbortSignal,
  enter: (stage: JobStage) => void,
): Promise<void> {
  if (!job.documentKey) throw new DocjobsError('PARSE_ERROR', 'the job has no document');
  const bytes = await ctx.blobs.getBytes(job.documentKey).catch((error) => {
    // Gone for good (deleted under us): retrying cannot bring it back.
    if (error instanceof BlobNotFoundError)
      throw permanent('INTERNAL_ERROR', 'the document of this job is gone');
    throw error;
  });
  const detected = await detectFileType(bytes.subarray(0, 4100), job.fileName, job.mimeType);
  await moveJob(
    ctx.db,
    job.id,
    'processing',
    { stage: 'parsing', mimeType: detected.mimeType, fileKind: detected.kind },
    { attempt },
  );
  enter('parsing');
  let lastWrite = 0;
  const parsed = await parseDocument(bytes, detected, {
    signal,
    onProgress: (pagesDone, pagesTotal) => {
      const now = Date.now();
      if (now - lastWrite < progressIntervalMs && pagesDone < pagesTotal) return;
      lastWrite = now;
      // 5 % for reading and detecting, 90 % spread over the pages, the rest for storing the result.
      const progress = 5 + Math.floor((90 * pagesDone) / Math.max(1, pagesTotal));
      reportProgress(ctx.db, job.id, attempt, { pagesDone, pagesTotal, progress }).catch(() => {});
    },
  });
  signal.throwIfAborted();
  const key = resultKey(job.id);
  await ctx.blobs.put(key, Buffer.from(JSON.stringify({ type: job.type, ...parsed })));
  const finished = await moveJob(
    ctx.db,
    job.id,
    'completed',
    {
      finished: true,
      stage: null,
      progress: 100,
      resultKey: key,
      pagesDone: parsed.pages.length,
      pagesTotal: parsed.pages.length,
    },
    { attempt },
  );
  // Zero rows: cancelled (or reclaimed) while the result was being written; the result goes.
  if (!finished) await ctx.blobs.delete(key);
}

async function settleFailure(
  ctx: Context,
  job: JobRecord,
  attempt: number,
  signal: AbortSignal,
  error: unknown,
  stage: JobStage,
): Promise<RunOutcome> {
  const reason = signal.aborted ? (signal.reason as StopReason) : null;
  // Cancelled or handed to another worker: the row already says what happened; nothing to write.
  if (reason === 'cancelled' || reason === 'lost') return 'done';
  // Shutdown: leave the row to the next attempt, which the queue delivers after we stop.
  if (reason === 'shutdown') return 'retry';
  if (reason === 'timeout') {
    await moveJob(
      ctx.db,
      job.id,
      'timeout',
      {
        finished: true,
        error: {
          code: 'TIMEOUT',
          message: `the job ran longer than its ${job.timeoutSeconds} s timeout`,
          stage,
          retryable: false,
        },
      },
      { attempt },
    );
    return 'done';
  }
  const failure = toFailure(error, stage);
  if (failure.retryable && attempt < ctx.config.maxRetries) {
    const moved = await moveJob(
      ctx.db,
      job.id,
      'retrying',
      { error: failure, incrementRetryCount: true },
      { attempt },
    );
    return moved ? 'retry' : 'done';
  }
  await moveJob(ctx.db, job.id, 'failed', { finished: true, error: failure }, { attempt });
  return 'done';
}
