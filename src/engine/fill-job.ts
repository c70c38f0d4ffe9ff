/**
 * A fill job's inputs and run (issue 19): its PDF (its upload, or else its first parent's: an edit
 * or fill job's output, another job's upload), the parsed pages agent fill reads (parsed now, or
 * reused from the parent), and the mapper that decides which key goes to which blank. The filled
 * PDF is parsed once (a flattened copy when it keeps its fields), so that jobs with dependsOn on the
 * fill job read the filled values.
 */
import { permanent } from '../core/errors.ts';
import type { JobRecord } from '../core/job.ts';
import { checkParseOptions, defaultParseOptions } from '../core/parse-options.ts';
import type { FillTask } from '../core/task.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { builtInMapper } from '../pipeline/forms/agent-fill.ts';
import { type FillResultReport, fillDocument, flattenedCopy } from '../pipeline/forms/fill-document.ts';
import { llmMapper } from '../pipeline/forms/llm-mapping.ts';
import { readDocument } from '../pipeline/read-document.ts';
import type { TaskCall } from '../pipeline/tasks/task-outcome.ts';
import type { DetectedType, ParsedDocument, StageContext } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import { parentPdf } from './edit-job.ts';
import { type JobContent, loadJobContent, loadParentPages } from './job-content.ts';

const pdfType: DetectedType = { kind: 'pdf', mimeType: 'application/pdf' };

export interface FillRun {
  pdf: Uint8Array;
  report: FillResultReport;
  /** The filled PDF parsed: what children with dependsOn on the fill job read. */
  parsed: ParsedDocument;
  content: JobContent;
  calls: TaskCall[];
}

export async function runFillJob(
  ctx: Context,
  job: JobRecord,
  task: FillTask,
  stage: StageContext,
  onDetected: (detected: DetectedType) => void,
): Promise<FillRun> {
  const reading = checkParseOptions(job.options);
  const readOptions = reading.ok ? reading.value : defaultParseOptions;
  const parent = job.documentKey ? null : job.dependsOn[0]!;
  const source = parent ? await parentPdf(ctx, job, parent, 0) : await ownPdf(ctx, job, onDetected);
  const parsed = async () =>
    parent ? loadParentPages(ctx, job, parent) : (await loadJobContent(ctx, job, stage, onDetected)).document;
  const llm = task.engine === 'llm' || (task.engine === 'auto' && ctx.config.llm !== null);
  const asked = llm && ctx.config.llm ? llmMapper(ctx.config.llm, stage.signal) : null;
  if (llm && !asked)
    throw permanent(
      'LLM_ERROR',
      'this worker has no LLM endpoint: set LLM_BASE_URL (and LLM_MODEL, LLM_API_KEY)',
    );
  const started = performance.now();
  const filled = await fillDocument(
    {
      pdf: source,
      parsed,
      mapper: asked ? { map: asked.map, engine: 'llm' } : { map: builtInMapper, engine: 'builtin' },
    },
    task,
    stage.signal,
  );
  const ms = Math.round(performance.now() - started);
  const run = asked?.run();
  const calls: TaskCall[] = run
    ? [
        {
          stage: 'filling',
          engine: 'llm',
          ms,
          llm: { model: run.model, usage: run.usage, exchanges: run.exchanges },
        },
      ]
    : [{ stage: 'filling', engine: filled.report.engine ?? 'builtin', ms }];
  // The fields' values are in widget appearances, which the parse does not read: a flattened copy is.
  const readable =
    filled.report.mode === 'fields' && !filled.report.flattened
      ? await flattenedCopy(filled.pdf)
      : filled.pdf;
  const read = await readDocument(readable, pdfType, { signal: stage.signal }, readOptions);
  return {
    pdf: filled.pdf,
    report: filled.report,
    parsed: read.document,
    content: { ...read, detected: pdfType, reusedFrom: parent ? [parent] : [] },
    calls,
  };
}

async function ownPdf(ctx: Context, job: JobRecord, onDetected: (detected: DetectedType) => void) {
  const bytes = await ctx.blobs.getBytes(job.documentKey!);
  const detected = await detectFileType(bytes.subarray(0, 4100), job.fileName, job.mimeType);
  onDetected(detected);
  if (detected.kind !== 'pdf')
    throw permanent('UNSUPPORTED_FORMAT', `a fill job fills PDFs; this document is ${detected.kind}`);
  return bytes;
}
