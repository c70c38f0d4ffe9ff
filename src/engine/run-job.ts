import { BlobNotFoundError, resultKey } from '../blobs/blob-store.ts';
import { DocjobsError, type JobStage, permanent, toFailure } from '../core/errors.ts';
import type { JobRecord } from '../core/job.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { parseDocument } from '../pipeline/parse-document.ts';
import type { DetectedType } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import type { Completion } from '../store/jobs/complete-jobs.ts';
import { type Move, type MoveFields, reportProgress } from '../store/jobs/move-job.ts';
import type { RunningJobs, StopReason } from './running-jobs.ts';

export type RunOutcome = 'done' | 'retry';

/** Progress writes are throttled: a 500-page PDF must not cost 500 UPDATEs. */
const progressIntervalMs = 250;

/** Writes a job's end (or its retrying move); the worker groups these across running jobs. */
export interface JobWriter {
  complete(completion: Completion): Promise<boolean>;
  move(move: Move): Promise<boolean>;
}

/** Where a run got to, for the record a failure leaves. */
interface RunState {
  stage: JobStage;
  detected: DetectedType | null;
}

/**
 * Run a claimed job (see claimJobs) for one queue attempt. Returns 'retry' when the queue should
 * deliver it again later (a transient error with retries left).
 */
export async function runJob(
  ctx: Context,
  running: RunningJobs,
  write: JobWriter,
  job: JobRecord,
  attempt: number,
  queueSignal: AbortSignal,
): Promise<RunOutcome> {
  const controller = running.start(job.id, attempt);
  const timer = setTimeout(() => controller.abort('timeout' satisfies StopReason), job.timeoutSeconds * 1000);
  const onQueueAbort = () => controller.abort('lost' satisfies StopReason);
  queueSignal.addEventListener('abort', onQueueAbort, { once: true });
  const state: RunState = { stage: 'parsing', detected: null };
  try {
    await execute(ctx, write, job, attempt, controller.signal, state);
    return 'done';
  } catch (error) {
    return await settleFailure(ctx, write, job, attempt, controller.signal, error, state);
  } finally {
    clearTimeout(timer);
    queueSignal.removeEventListener('abort', onQueueAbort);
    running.finish(job.id);
  }
}

async function execute(
  ctx: Context,
  write: JobWriter,
  job: JobRecord,
  attempt: number,
  signal: AbortSignal,
  state: RunState,
): Promise<void> {
  if (!job.documentKey) throw new DocjobsError('PARSE_ERROR', 'the job has no document');
  const bytes = await ctx.blobs.getBytes(job.documentKey).catch((error) => {
    // Gone for good (deleted under us): retrying cannot bring it back.
    if (error instanceof BlobNotFoundError)
      throw permanent('INTERNAL_ERROR', 'the document of this job is gone');
    throw error;
  });
  const detected = await detectFileType(bytes.subarray(0, 4100), job.fileName, job.mimeType);
  state.detected = detected;
  // No write for the stage itself: a short job goes from claim to completion in two statements;
  // a long one shows its type and pages at its first progress report.
  let lastWrite = Date.now();
  const parsed = await parseDocument(bytes, detected, {
    signal,
    onProgress: (pagesDone, pagesTotal) => {
      const now = Date.now();
      if (now - lastWrite < progressIntervalMs || pagesDone >= pagesTotal) return;
      lastWrite = now;
      // 5 % for reading and detecting, 90 % spread over the pages, the rest for storing the result.
      const progress = 5 + Math.floor((90 * pagesDone) / Math.max(1, pagesTotal));
      reportProgress(ctx.db, job.id, attempt, {
        pagesDone,
        pagesTotal,
        progress,
        mimeType: detected.mimeType,
      }).catch(() => {});
    },
  });
  signal.throwIfAborted();
  const key = resultKey(job.id);
  await ctx.blobs.put(key, Buffer.from(JSON.stringify({ type: job.type, ...parsed })));
  const finished = await write.complete({
    id: job.id,
    attempt,
    resultKey: key,
    pages: parsed.pages.length,
    mimeType: detected.mimeType,
    fileKind: detected.kind,
  });
  // Zero rows: cancelled (or reclaimed) while the result was being written; the result goes.
  if (!finished) await ctx.blobs.delete(key);
}

const typeFields = (state: RunState): MoveFields =>
  state.detected ? { mimeType: state.detected.mimeType, fileKind: state.detected.kind } : {};

async function settleFailure(
  ctx: Context,
  write: JobWriter,
  job: JobRecord,
  attempt: number,
  signal: AbortSignal,
  error: unknown,
  state: RunState,
): Promise<RunOutcome> {
  const reason = signal.aborted ? (signal.reason as StopReason) : null;
  // Cancelled or handed to another worker: the row already says what happened; nothing to write.
  if (reason === 'cancelled' || reason === 'lost') return 'done';
  // Shutdown: leave the row to the next attempt, which the queue delivers after we stop.
  if (reason === 'shutdown') return 'retry';
  const fields = typeFields(state);
  if (reason === 'timeout') {
    const message = `the job ran longer than its ${job.timeoutSeconds} s timeout`;
    const timeout = { code: 'TIMEOUT', message, stage: state.stage, retryable: false } as const;
    await write.move({
      id: job.id,
      to: 'timeout',
      fields: { ...fields, finished: true, error: timeout },
      guard: { attempt },
    });
    return 'done';
  }
  const failure = toFailure(error, state.stage);
  if (failure.retryable && attempt < ctx.config.maxRetries) {
    const moved = await write.move({
      id: job.id,
      to: 'retrying',
      fields: { ...fields, error: failure, incrementRetryCount: true },
      guard: { attempt },
    });
    return moved ? 'retry' : 'done';
  }
  await write.move({
    id: job.id,
    to: 'failed',
    fields: { ...fields, finished: true, error: failure },
    guard: { attempt },
  });
  return 'done';
}
