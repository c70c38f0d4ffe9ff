import { outputKey, parsedKey, resultKey } from '../blobs/blob-store.ts';
import { type JobFailure, type JobStage, toFailure } from '../core/errors.ts';
import type { JobRecord } from '../core/job.ts';
import { isMailKind } from '../pipeline/formats/mail/mail-message.ts';
import type { ReadReport } from '../pipeline/read-progress.ts';
import type { SplitPart } from '../pipeline/split/run-split.ts';
import { llmTokensUsed, runTask, type TaskStage } from '../pipeline/tasks/run-task.ts';
import type { DetectedType, PageError } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import { indexJobChunks } from '../services/index-chunks.ts';
import { submitMailAttachments } from '../services/mail-attachments.ts';
import { finishSplit } from '../services/split-parts.ts';
import type { Completion } from '../store/jobs/complete-jobs.ts';
import { type Move, type MoveFields, reportProgress } from '../store/jobs/move-job.ts';
import { BlobStoreFault, type BlobStoreGuard } from './blob-store-guard.ts';
import { runEditJob } from './edit-job.ts';
import { runFillJob } from './fill-job.ts';
import { runGenerateJob } from './generate-job.ts';
import { loadJobContent } from './job-content.ts';
import { buildJobTrace } from './job-trace.ts';
import { pageCheckpoints } from './page-checkpoints.ts';
import type { RunningJobs, StopReason } from './running-jobs.ts';
import { runSchemaJob } from './schema-job.ts';

/**
 * done: the row says how it ended (or someone else moved it); retry: the queue should deliver it
 * again later; handback: stopped by this worker's shutdown, for the worker to hand back (handBackJob).
 */
export type RunOutcome = 'done' | 'retry' | 'handback';

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
  /** Progress writes, one after another: two UPDATEs in flight on a pool may land in either order. */
  writes: Promise<void>;
}

/**
 * Run a claimed job (see claimJobs) for one queue attempt. Returns 'retry' when the queue should
 * deliver it again later (a transient error with retries left); `retries`: how many it used so far.
 */
export async function runJob(
  ctx: Context,
  running: RunningJobs,
  write: JobWriter,
  job: JobRecord,
  { attempt, retries }: { attempt: number; retries: number },
  queueSignal: AbortSignal,
  blobGuard: BlobStoreGuard,
): Promise<RunOutcome> {
  const { controller, handBack } = running.start(job.id, attempt);
  const timer = setTimeout(() => controller.abort('timeout' satisfies StopReason), job.timeoutSeconds * 1000);
  const onQueueAbort = () => controller.abort('lost' satisfies StopReason);
  queueSignal.addEventListener('abort', onQueueAbort, { once: true });
  const state: RunState = { stage: 'parsing', detected: null, writes: Promise.resolve() };
  try {
    await execute(ctx, write, job, attempt, { signal: controller.signal, handBack }, state);
    return 'done';
  } catch (error) {
    // Stopped at a page boundary for the shutdown (or failed meanwhile: the next attempt will
    // see the same failure), unless a cancel, timeout or loss of the job came first.
    if (handBack.aborted && !controller.signal.aborted) return 'handback';
    // This worker cannot read what the job was stored with: not the job's fault, no retry spent.
    if (error instanceof BlobStoreFault && !controller.signal.aborted) {
      blobGuard.report(error);
      return 'handback';
    }
    return await settleFailure(ctx, write, job, { attempt, retries }, controller.signal, error, state);
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
  { signal, handBack }: { signal: AbortSignal; handBack: AbortSignal },
  state: RunState,
): Promise<void> {
  const stage = {
    signal,
    handBack,
    onRead: progressReporter(ctx, job, attempt, state),
    checkpoints: pageCheckpoints(ctx, job, attempt),
  };
  const onDetected = (detected: DetectedType) => {
    state.detected = detected;
  };
  // Edit and fill jobs read PDFs as well as pages, and their result is a new PDF
  // (engine/edit-job.ts, engine/fill-job.ts); a generate job reads nothing and makes one
  // (engine/generate-job.ts).
  const edited =
    job.task?.kind === 'edit'
      ? await runEditJob(ctx, job, job.task, stage, onDetected)
      : job.task?.kind === 'fill'
        ? await runFillJob(ctx, job, job.task, stage, onDetected)
        : job.task?.kind === 'generate'
          ? await runGenerateJob(ctx, job, job.task, stage, onDetected)
          : null;
  const content = edited?.content ?? (await loadJobContent(ctx, job, stage, onDetected));
  signal.throwIfAborted();
  const document = edited?.parsed ?? content.document;
  const outcome = edited
    ? { result: { ...edited.report }, minConfidence: null, calls: 'calls' in edited ? edited.calls : [] }
    : job.task?.kind === 'schema'
      ? await runSchemaJob(ctx, job, document, content, signal)
      : job.task
        ? await runTask(ctx.config, job.task, document, {
            signal,
            jobId: job.id,
            onStep: stepReporter(ctx, job, attempt, state),
          })
        : null;
  if (outcome && job.task?.kind === 'split') {
    const parts = outcome.result.parts as SplitPart[];
    outcome.result.parts = await finishSplit(ctx, job, job.task, parts, document, content, signal);
  }
  // An e-mail's attachments become child jobs of the same type; the result lists them.
  const mail =
    !edited && isMailKind(content.detected?.kind)
      ? await submitMailAttachments(ctx, job, content.detected.kind, signal)
      : null;
  const key = resultKey(job.id);
  const result = outcome
    ? { type: job.type, pages: document.pages.length, ...outcome.result, ...mail }
    : { type: job.type, ...document, ...mail };
  // A result with `chunks` is made searchable (embedded, then its rows written) before it completes.
  const indexed = await indexJobChunks(ctx, job, attempt, result, {
    signal,
    onStep: stepReporter(ctx, job, attempt, state),
  });
  // A parse job's result is its parsed pages (with chunks when it chunks); other jobs keep them
  // beside their result for children.
  await Promise.all([
    ctx.blobs.put(key, Buffer.from(JSON.stringify(result))),
    outcome && job.type !== 'parse'
      ? ctx.blobs.put(parsedKey(job.id), Buffer.from(JSON.stringify(document)))
      : null,
    edited ? ctx.blobs.put(outputKey(job.id), edited.pdf) : null,
  ]);
  const errors = document.errors ?? [];
  const finished = await write.complete({
    id: job.id,
    attempt,
    resultKey: key,
    pages: document.pages.length,
    mimeType: content.detected?.mimeType ?? null,
    fileKind: content.detected?.kind ?? null,
    status: errors.length > 0 ? 'partial' : 'completed',
    error: errors.length > 0 ? partialFailure(errors, document.pages.length) : null,
    qualityScore: document.qualityScore ?? null,
    minConfidence: outcome?.minConfidence ?? null,
    llmTokens: outcome ? llmTokensUsed(outcome.calls) : 0,
    trace: buildJobTrace(job, attempt, content, outcome?.calls ?? [], indexed?.embedding ?? null),
  });
  // Zero rows: cancelled (or reclaimed) while the result was being written; the result goes.
  if (!finished) {
    await ctx.blobs.delete(key);
    await ctx.blobs.delete(parsedKey(job.id));
    if (edited) await ctx.blobs.delete(outputKey(job.id));
  }
}

/**
 * Progress writes, throttled (a 500-page PDF must not cost 500 UPDATEs), except that a new stage
 * is written at once: a client watching a scan sees `ocr` as soon as OCR starts. The reading
 * (ReadProgress) never goes back, and the writes go one after another (RunState.writes), so
 * neither does the row.
 */
function progressReporter(ctx: Context, job: JobRecord, attempt: number, state: RunState) {
  // Not 0: a job read in under progressIntervalMs (most small ones) writes no progress at all.
  let lastWrite = Date.now();
  return (report: ReadReport) => {
    const now = Date.now();
    const newStage = report.stage !== state.stage;
    if (!newStage && now - lastWrite < progressIntervalMs) return;
    lastWrite = now;
    state.stage = report.stage;
    // 5 % for reading and detecting, then the reading up to `end`: 95 %, or 50 % when a task
    // step follows. 100 is written by the completion alone.
    const end = job.task ? 50 : 95;
    const progress = 5 + Math.floor((end - 5) * report.fraction);
    const fields = {
      stage: report.stage,
      pagesDone: report.pagesDone,
      pagesTotal: report.pagesTotal,
      progress,
      mimeType: state.detected?.mimeType,
    };
    state.writes = state.writes.then(() => reportProgress(ctx.db, job.id, attempt, fields)).catch(() => {});
  };
}

/**
 * A task step starting: written at once, like a new stage. Parsing took the first half. A chunk job
 * that embeds gives the embedding 60-95 % and the chunking 50-60 %: cutting costs ~3 % of the parse
 * (bench/chunking.ts) where a remote model over 2,000 chunks takes minutes, and progress must not
 * go back from the chunking's 95 to the embedding's start.
 */
function stepReporter(ctx: Context, job: JobRecord, attempt: number, state: RunState) {
  const embeds = job.task?.kind === 'chunk' && ctx.config.embeddings !== null;
  return (stage: TaskStage | 'embedding', done: number, total: number) => {
    state.stage = stage;
    const [from, to] = stage === 'embedding' ? [60, 95] : embeds ? [50, 60] : [50, 95];
    const progress = from + Math.floor(((to - from) * done) / Math.max(1, total));
    state.writes = state.writes
      .then(() => reportProgress(ctx.db, job.id, attempt, { stage, progress }))
      .catch(() => {});
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
  { attempt, retries }: { attempt: number; retries: number },
  signal: AbortSignal,
  error: unknown,
  state: RunState,
): Promise<RunOutcome> {
  const reason = signal.aborted ? (signal.reason as StopReason) : null;
  // Cancelled or handed to another worker: the row already says what happened; nothing to write.
  if (reason === 'cancelled' || reason === 'lost') return 'done';
  // Shutdown: not the job's failure; the worker puts it back in the queue as it was.
  if (reason === 'shutdown') return 'handback';
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
  if (failure.retryable && retries < ctx.config.maxRetries) {
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
