/**
 * An edit job's inputs and run (issue 19): its document (its upload, or else its first parent's
 * PDF), the documents it merges, the evidence its redactions read, and the parsed pages of each —
 * reused from the parents as they stored them, so nothing is parsed twice. The new PDF is parsed
 * once, which is both the redaction's proof and the pages its children reuse.
 */
import { outputKey, resultKey } from '../blobs/blob-store.ts';
import { permanent } from '../core/errors.ts';
import type { JobId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { checkParseOptions, defaultParseOptions } from '../core/parse-options.ts';
import type { EditTask } from '../core/task.ts';
import {
  type EditOutcome,
  type EditSource,
  type EvidenceBox,
  editDocument,
  reparseOcr,
} from '../pipeline/edit/edit-document.ts';
import { readDocument } from '../pipeline/read-document.ts';
import type { DetectedType, StageContext } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import { getJob } from '../store/jobs/get-job.ts';
import { type JobContent, loadJobContent, loadParentPages } from './job-content.ts';

const pdfType: DetectedType = { kind: 'pdf', mimeType: 'application/pdf' };
/** A parent without a document of its own (a job over its parent's pages) is followed this far up. */
const maxAncestors = 5;

export interface EditRun extends EditOutcome {
  content: JobContent;
}

export async function runEditJob(
  ctx: Context,
  job: JobRecord,
  task: EditTask,
  stage: StageContext,
  onDetected: (detected: DetectedType) => void,
): Promise<EditRun> {
  const { operations: _operations, ...options } = job.options;
  const reading = checkParseOptions(options);
  const readOptions = reading.ok ? reading.value : defaultParseOptions;
  const started = performance.now();
  const sources: EditSource[] = [];
  let content: JobContent | null = null;
  if (job.documentKey) {
    content = await loadJobContent(ctx, { ...job, options }, stage, onDetected);
    if (content.detected?.kind !== 'pdf')
      throw permanent(
        'UNSUPPORTED_FORMAT',
        `an edit job edits PDFs; this document is ${content.detected?.kind ?? 'unknown'}`,
      );
    sources.push({ jobId: job.id, pdf: await ctx.blobs.getBytes(job.documentKey), parsed: content.document });
  }
  const merged = task.operations.flatMap((operation) => (operation.type === 'merge' ? operation.jobs : []));
  const wanted = [...new Set([...(job.documentKey ? [] : [job.dependsOn[0]!]), ...merged])];
  for (const id of wanted) sources.push(await parentSource(ctx, job, id));
  content ??= {
    document: sources[0]!.parsed,
    passes: [],
    parseMs: Math.round(performance.now() - started),
    detected: pdfType,
    reusedFrom: [sources[0]!.jobId],
  };
  const evidence = new Map<JobId, EvidenceBox[]>();
  for (const operation of task.operations)
    if (operation.type === 'redact' && operation.fromJob && !evidence.has(operation.fromJob))
      evidence.set(operation.fromJob, await evidenceOf(ctx, job, operation.fromJob));
  const ocr = reparseOcr(sources, readOptions.ocr);
  const reparse = async (pdf: Uint8Array) =>
    (await readDocument(pdf, pdfType, { signal: stage.signal }, { ...readOptions, ocr })).document;
  const outcome = await editDocument({ sources, evidence, reparse }, task.operations, stage.signal);
  return { ...outcome, content };
}

async function parentSource(ctx: Context, job: JobRecord, id: JobId): Promise<EditSource> {
  return { jobId: id, pdf: await parentPdf(ctx, job, id, 0), parsed: await loadParentPages(ctx, job, id) };
}

/** An edit or fill parent's output; another's upload; a parent without one, its own single parent's. */
export async function parentPdf(ctx: Context, job: JobRecord, id: JobId, depth: number): Promise<Uint8Array> {
  const parent = await getJob(ctx.db, job.orgId, id);
  if (!parent || (parent.status !== 'completed' && parent.status !== 'partial'))
    throw permanent('DEPENDENCY_FAILED', `the job it depends on, ${id}, has no document to edit`);
  const gone = () => permanent('DEPENDENCY_FAILED', `the document of ${id} is gone (deleted or expired)`);
  if (parent.type === 'edit' || parent.type === 'fill' || parent.type === 'generate')
    return ctx.blobs.getBytes(outputKey(id)).catch(() => Promise.reject(gone()));
  if (parent.documentKey) return ctx.blobs.getBytes(parent.documentKey).catch(() => Promise.reject(gone()));
  if (parent.dependsOn.length === 1 && depth < maxAncestors)
    return parentPdf(ctx, job, parent.dependsOn[0]!, depth + 1);
  throw permanent(
    'DEPENDENCY_FAILED',
    `job ${id} has no document of its own to edit (it read ${parent.dependsOn.length} parents' pages)`,
  );
}

/** The evidence boxes of an extraction job's result (`evidence`: field path → {page, bbox}). */
async function evidenceOf(ctx: Context, job: JobRecord, id: JobId): Promise<EvidenceBox[]> {
  const parent = await getJob(ctx.db, job.orgId, id);
  if (!parent || (parent.status !== 'completed' && parent.status !== 'partial'))
    throw permanent('DEPENDENCY_FAILED', `the job whose evidence it redacts, ${id}, has no result`);
  if (parent.type !== 'extract')
    throw permanent(
      'VALIDATION_ERROR',
      `fromJob ${id} is a ${parent.type} job; evidence boxes come from extract jobs`,
    );
  const raw = await ctx.blobs.getBytes(parent.resultKey ?? resultKey(id));
  const result = JSON.parse(Buffer.from(raw).toString('utf8')) as {
    evidence?: Record<string, { page?: number; bbox?: [number, number, number, number] | null } | null>;
  };
  return Object.entries(result.evidence ?? {}).flatMap(([field, entry]) =>
    entry?.bbox && typeof entry.page === 'number' ? [{ field, page: entry.page, bbox: entry.bbox }] : [],
  );
}
