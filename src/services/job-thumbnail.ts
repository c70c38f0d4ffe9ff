import { BlobNotFoundError, thumbnailKey } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { defaultThumbnailWidth, renderPageThumbnail } from '../pipeline/render.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';

export const thumbnailWidths = { default: defaultThumbnailWidth, max: 1600 } as const;

/**
 * Rendering costs ~10× text extraction, so it is kept off the parse's path: a page is rendered
 * the first time it is asked for, then served from the blob store.
 */
export async function getThumbnail(
  ctx: Context,
  orgId: OrgId,
  id: string,
  page: number,
  width: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const job = await findJob(ctx, orgId, id);
  if (!job.documentKey) throw new DocjobsError('NOT_FOUND', `job ${id} has no document`);
  if (job.pagesTotal !== null && page > job.pagesTotal) {
    throw new DocjobsError('NOT_FOUND', `job ${id} has ${job.pagesTotal} page(s); there is no page ${page}`);
  }
  const key = thumbnailKey(job.id, page, width);
  try {
    return await ctx.blobs.getBytes(key);
  } catch (error) {
    if (!(error instanceof BlobNotFoundError)) throw error;
  }
  const bytes = await ctx.blobs.getBytes(job.documentKey);
  const detected = await detectFileType(bytes.subarray(0, 4100), job.fileName, job.mimeType);
  const png = await renderPageThumbnail(bytes, detected, page, width, signal);
  await ctx.blobs.put(key, png);
  return png;
}
