/**
 * What a split job leaves besides its result: each part as a PDF blob under the job's prefix
 * (deleted and purged with the job, like its figures), and, with options.then, an extract job per
 * part. The children depend on the split job and read its pages (`options.pages`: the part's),
 * so nothing is parsed twice; they are submitted before the split job completes, wait for it like
 * any dependsOn child, and carry an idempotency key per part, so a retried run finds them again.
 */
import { outputKey } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { JobId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { metadataLimits } from '../core/job.ts';
import type { SplitTask } from '../core/task.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { type PartPage, type PartSource, partPdfs } from '../pipeline/split/part-pdf.ts';
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

/** Where the pages came from: the job's upload (`detected`), or its parents' (`origins`, by page number). */
export interface SplitSource {
  detected: DetectedType | null;
  origins?: ReadonlyMap<number, { jobId: JobId; page: number }>;
}

/** Writes the parts' PDFs and submits their children; returns the parts as the result shows them. */
export async function finishSplit(
  ctx: Context,
  job: JobRecord,
  task: SplitTask,
  parts: readonly SplitPart[],
  document: ParsedDocument,
  from: SplitSource,
  signal: AbortSignal,
): Promise<PartOutput[]> {
  // A part's pages as the source numbers them (options.pages keeps a page's own number).
  const pagesOf = (part: SplitPart) =>
    document.pages.slice(part.pages.from - 1, part.pages.to).map((page) => page.page);
  const source = await partSources(ctx, job, from, parts.map(pagesOf));
  // pdf-lib cannot open every file pdf.js reads (an encrypted one with an empty password): the
  // split stands, and its parts say they have no document rather than failing the job.
  const pdfs = source
    ? await partPdfs(source.sources, source.pages, signal).catch((error: unknown) => {
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

/**
 * The documents the parts' pages are copied from, and each part's pages in them: the job's upload,
 * or each page's parent's document (a split over several parents joins their pages; each part
 * page goes back to the parent it came from). null when one of them has no document to copy from.
 */
async function partSources(
  ctx: Context,
  job: JobRecord,
  from: SplitSource,
  parts: number[][],
): Promise<{ sources: PartSource[]; pages: PartPage[][] } | null> {
  if (job.documentKey) {
    if (!from.detected) return null;
    const sources = [{ bytes: await ctx.blobs.getBytes(job.documentKey), kind: from.detected.kind }];
    return { sources, pages: parts.map((pages) => pages.map((page) => ({ source: 0, page }))) };
  }
  const origins = from.origins;
  if (!origins) return null;
  const parents = [...new Set([...origins.values()].map((origin) => origin.jobId))];
  const sources: PartSource[] = [];
  for (const id of parents) {
    const source = await parentDocument(ctx, job, id, 0);
    if (!source) return null;
    sources.push(source);
  }
  const pages: PartPage[][] = [];
  for (const part of parts) {
    const placed = part.map((page) => origins.get(page));
    if (placed.some((origin) => origin === undefined)) return null;
    pages.push(placed.map((origin) => ({ source: parents.indexOf(origin!.jobId), page: origin!.page })));
  }
  return { sources, pages };
}

/** Ancestors followed this far up for a document (a job over a job over an upload). */
const maxAncestors = 5;

/** The PDF or image a parent's pages were read from: its output, its upload, or its one parent's. */
async function parentDocument(
  ctx: Context,
  job: JobRecord,
  id: JobId,
  depth: number,
): Promise<PartSource | null> {
  const parent = await findJob(ctx, job.orgId, id);
  if (parent.type === 'edit' || parent.type === 'generate')
    return { bytes: await ctx.blobs.getBytes(outputKey(id)), kind: 'pdf' };
  if (parent.documentKey) {
    const bytes = await ctx.blobs.getBytes(parent.documentKey);
    const kind = (await detectFileType(bytes.subarray(0, 4100), parent.fileName, parent.mimeType)).kind;
    return { bytes, kind };
  }
  // Its one parent's pages, kept with their numbers (options.pages keeps a page's own number).
  if (parent.dependsOn.length === 1 && depth < maxAncestors)
    return parentDocument(ctx, job, parent.dependsOn[0]!, depth + 1);
  return null;
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
