import { BlobNotFoundError, resultKey } from '../blobs/blob-store.ts';
import { DocjobsError, type JobFailure, type JobStage, permanent, toFailure } from '../core/errors.ts';
import type { JobRecord } from '../core/job.ts';
import { checkParseOptions, defaultParseOptions } from '../core/parse-options.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { readDocument } from '../pipeline/read-document.ts';
import type { DetectedType, PageError } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import type { Completion } from '../store/jobs/complete-jobs.ts';
import { type Move, type MoveFields, reportProgress } from '../store/jobs/move-job.ts';
import { traceOf } from './job-trace.ts';
import type { RunningJobs, StopReason } from './running-jobs.ts';

export type RunOutcome = 'done' | 'retry';

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
  const options = checkParseOptions(job.options);
  const read = await readDocument(
    bytes,
    detected,
    {
      signal,
      onProgress: progressReporter(ctx, job, attempt, detected, state),
    },
    { ...(options.ok ? options.value : defaultParseOptions) },
  );
  signal.throwIfAborted();
  const { document } = read;
  const key = resultKey(job.id);
  await ctx.blobs.put(key, Buffer.from(JSON.stringify({ type: job.type, ...document })));
  const errors = document.errors ?? [];
  const finished = await write.complete({
    id: job.id,
    attempt,
    resultKey: key,
    pages: document.pages.length,
    mimeType: detected.mimeType,
    fileKind: detected.kind,
    status: errors.length > 0 ? 'partial' : 'completed',
    error: errors.length > 0 ? partialFailure(errors, document.pages.length) : null,
    qualityScore: document.qualityScore ?? null,
    trace: traceOf(job, attempt, read),
  });
  // Zero rows: cancelled (or reclaimed) while the result was being written; the result goes.
  if (!finished) await ctx.blobs.delete(key);
}

/**
 * Progress writes, throttled (a 500-page PDF must not cost 500 UPDATEs), except that a new stage
 * is written at once: a client watching a scan sees `ocr` as soon as OCR starts.
 */
function progressReporter(
  ctx: Context,
  job: JobRecord,
  attempt: number,
  detected: DetectedType,
  state: RunState,
) {
  let lastWrite = Date.now();
  return (pagesDone: number, pagesTotal: number, stage: 'parsing' | 'ocr' = 'parsing') => {
    const now = Date.now();
    const newStage = stage !== state.stage;
    if (!newStage && (now - lastWrite < progressIntervalMs || pagesDone >= pagesTotal)) return;
    lastWrite = now;
    state.stage = stage;
    // 5 % for reading and detecting, then the pages: parsing up to 50 % when OCR follows, else 95 %.
    const span = stage === 'ocr' ? [50, 45] : [5, 90];
    const progress = span[0]! + Math.floor((span[1]! * pagesDone) / Math.max(1, pagesTotal));
    reportProgress(ctx.db, job.id, attempt, {
      stage,
      pagesDone,
      pagesTotal,
      progress,
      mimeType: detected.mimeType,
    }).catch(() => {});
  };
}

/** The job's `error` when it ends partial: how many pages failed and the first one's reason. */
function partialFailure(errors: PageError[], pages: number): JobFailure {
  const first = errors[0]!;
  return {
    code: first.code,
    message: `${errors.length} of ${pages} pages could not be read (page ${first.page}: ${first.message}); the result lists them in "errors"`,
    stage: first.stage,
    retryable: false,
  };
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
