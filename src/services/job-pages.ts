import { BlobNotFoundError, parsedKey } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { ParsedDocument } from '../pipeline/types.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';

/** One page as the job read it: its size in the units of every bbox of the job, and its quality. */
export interface PageInfo {
  page: number;
  width: number | null;
  height: number | null;
  source: ParsedDocument['pages'][number]['source'];
  textLayer: boolean;
  qualityScore: number | null;
  ocrMode: 'standard' | 'premium' | null;
}

/**
 * The pages a finished job read, without their text. An extract job's evidence boxes are in PDF
 * points (pixels for images, cut to the OCR's size for big ones), and only the parsed pages know a
 * page's size in those units: a viewer needs it to scale the boxes onto a thumbnail. Parse jobs
 * keep their pages in the result; every other job in its parsed document.
 */
export async function getJobPages(
  ctx: Context,
  orgId: OrgId,
  id: string,
): Promise<{ jobId: string; pages: PageInfo[] }> {
  const job = await findJob(ctx, orgId, id);
  if (job.status !== 'completed' && job.status !== 'partial') {
    throw new DocjobsError(
      'RESULT_NOT_READY',
      `job ${id} is ${job.status}; its pages are known once it is completed`,
      {
        details: { status: job.status },
      },
    );
  }
  const key = job.type === 'parse' ? job.resultKey : parsedKey(job.id);
  const noPages = new DocjobsError('NOT_FOUND', `job ${id} kept no parsed pages`);
  if (!key) throw noPages;
  let document: ParsedDocument;
  try {
    document = JSON.parse(Buffer.from(await ctx.blobs.getBytes(key)).toString('utf8')) as ParsedDocument;
  } catch (error) {
    throw error instanceof BlobNotFoundError ? noPages : error;
  }
  const pages = (document.pages ?? []).map((page) => ({
    page: page.page,
    width: page.width,
    height: page.height,
    source: page.source,
    textLayer: page.textLayer,
    qualityScore: page.qualityScore ?? null,
    ocrMode: page.ocr?.mode ?? null,
  }));
  return { jobId: job.id, pages };
}
