/**
 * What a split job leaves besides its result: each part as a PDF blob under the job's prefix
 * (deleted and purged with the job, like its figures), and, with options.then, an extract job per
 * part. The children depend on the split job and read its pages (`options.pages`: the part's),
 * so nothing is parsed twice; they are submitted before the split job completes, wait for it like
 * any dependsOn child, and carry an idempotency key per part, so a retried run finds them again.
 */
import { DocjobsError } from '../core/errors.ts';
import type { JobId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { metadataLimits } from '../core/job.ts';
import type { SplitTask } from '../core/task.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { partPdfs } from '../pipeline/split/part-pdf.ts';
import type { SplitPart } from '../pipeline/split/run-split.ts';
import type { DetectedType, ParsedDocument } from '../pipeline/types.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';
import { submitJob } from './submit-job.ts';

export const partKey = (jobId: string, part: number) => `jobs/${jobId}/parts/${part}.pdf`;

export interface PartOutput extends SplitPart {
  /** GET /v1/jobs/{id}/parts/{n}/document, or null when the input has no pages to copy. */
  document: string | null;
  /** options.then: the extract job of this part, or why it could not be submitted. */
  jobId?: string;
  error?: string;
}

/** Writes the parts' PDFs and submits their children; returns the parts as the result shows them. */
export async function finishSplit(
  ctx: Context,
  job: JobRecord,
  task: SplitTask,
  parts: readonly SplitPart[],
  document: ParsedDocument,
  detected: DetectedType | null,
  signal: AbortSignal,
): Promise<PartOutput[]> {
  // A part's pages as the source numbers them (options.pages keeps a page's own number).
  const pagesOf = (part: SplitPart) =>
    document.pages.slice(part.pages.from - 1, part.pages.to).map((page) => page.page);
  const source = await sourceDocument(ctx, job, detected);
  // pdf-lib cannot open every file pdf.js reads (an encrypted one with an empty password): the
  // split stands, and its parts say they have no document rather than failing the job.
  const pdfs = source
    ? await partPdfs(source.bytes, source.kind, parts.map(pagesOf), signal).catch((error: unknown) => {
        signal.throwIfAborted();
        if (error instanceof DocjobsError && error.retryable) throw error;
        return null;
      })
    : null;
  if (pdfs) await Promise.all(pdfs.map((pdf, i) => ctx.blobs.put(partKey(job.id, parts[i]!.part), pdf)));
  const outputs: PartOutput[] = parts.map((part) => ({
    ...part,
    document: pdfs ? `/v1/jobs/${job.id}/parts/${part.part}/document` : null,
  }));
  if (!task.eachPart) return outputs;
  for (const output of outputs) {
    try {
      const { job: child } = await submitJob(ctx, childRequest(job, task.eachPart, output, pagesOf(output)));
      output.jobId = child.id;
    } catch (error) {
      // A quota reached or a parent deleted meanwhile: the split stands, the part says why.
      if (!(error instanceof DocjobsError)) throw error;
      output.error = `${error.code}: ${error.message}`;
    }
  }
  return outputs;
}

/** The bytes the pages were read from: the job's upload, or its one parent's. */
async function sourceDocument(ctx: Context, job: JobRecord, detected: DetectedType | null) {
  if (job.documentKey && detected)
    return { bytes: await ctx.blobs.getBytes(job.documentKey), kind: detected.kind };
  // Several parents' pages are joined and renumbered: no one document holds them.
  if (job.documentKey || job.dependsOn.length !== 1) return null;
  const parent = await findJob(ctx, job.orgId, job.dependsOn[0]!);
  if (!parent.documentKey || parent.dependsOn.length > 0) return null;
  const bytes = await ctx.blobs.getBytes(parent.documentKey);
  const kind = (await detectFileType(bytes.subarray(0, 4100), parent.fileName, parent.mimeType)).kind;
  return { bytes, kind };
}

function childRequest(
  job: JobRecord,
  then: NonNullable<SplitTask['eachPart']>,
  part: PartOutput,
  pages: number[],
) {
  const own = { splitJobId: job.id, splitPart: String(part.part) };
  // Metadata holds at most 16 keys: the parent's come first.
  const room = metadataLimits.keys - Object.keys(job.metadata).length;
  const metadata = {
    ...Object.fromEntries(Object.entries(own).slice(0, Math.max(0, room))),
    ...job.metadata,
  };
  return {
    orgId: job.orgId,
    type: 'extract' as const,
    task: { resolved: { task: then, extractor: then.extractor } },
    dependsOn: [job.id as JobId],
    document: { kind: 'none' as const, field: 'document' as const },
    options: { pages: pageSpec(pages) },
    metadata,
    priority: job.priority,
    timeoutSeconds: job.timeoutSeconds,
    fileName: job.fileName,
    mimeType: null,
    idempotencyKey: `split:${job.id}:${part.part}`,
    webhookUrl: job.webhookUrl,
    caseId: job.caseId,
  };
}

/** [3, 4, 5, 9] → "3-5,9". */
function pageSpec(pages: readonly number[]): string {
  const ranges: [number, number][] = [];
  for (const page of pages) {
    const last = ranges.at(-1);
    if (last && page === last[1] + 1) last[1] = page;
    else ranges.push([page, page]);
  }
  return ranges.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(',');
}
