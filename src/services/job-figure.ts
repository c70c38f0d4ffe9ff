import { BlobNotFoundError, figureKey, parsedKey, resultKey } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import { cropFigure } from '../pipeline/crop-figure.ts';
import { detectFileType } from '../pipeline/detect.ts';
import type { ParsedDocument } from '../pipeline/types.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';

const figureNamePattern = /^p(\d{1,6})-(\d{1,4})\.png$/;

/**
 * A figure of a finished job as a PNG: cropped from its page the first time it is asked for, then
 * served from the blob store (under the job's prefix, so it goes with the job).
 */
export async function getFigure(
  ctx: Context,
  orgId: OrgId,
  id: string,
  name: string,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const job = await findJob(ctx, orgId, id);
  const match = figureNamePattern.exec(name);
  if (!match) throw new DocjobsError('NOT_FOUND', `no figure ${name}: figures are named like p3-1.png`);
  if (!job.documentKey || (job.status !== 'completed' && job.status !== 'partial')) {
    throw new DocjobsError('NOT_FOUND', `job ${id} has no figures (it is ${job.status})`);
  }
  const key = figureKey(job.id, name);
  try {
    return await ctx.blobs.getBytes(key);
  } catch (error) {
    if (!(error instanceof BlobNotFoundError)) throw error;
  }
  const document = await readPages(ctx, job.type === 'parse' ? resultKey(job.id) : parsedKey(job.id));
  const page = document.pages.find((candidate) => candidate.page === Number(match[1]));
  const figure = page?.blocks.find((block) => block.type === 'figure' && block.name === name);
  if (!page || !figure?.bbox || page.width === null) {
    throw new DocjobsError('NOT_FOUND', `job ${id} has no figure ${name}`);
  }
  const bytes = await ctx.blobs.getBytes(job.documentKey);
  const detected = await detectFileType(bytes.subarray(0, 4100), job.fileName, job.mimeType);
  const png = await cropFigure(bytes, detected, { page: page.page, width: page.width }, figure.bbox, signal);
  await ctx.blobs.put(key, png);
  return png;
}

async function readPages(ctx: Context, key: string): Promise<ParsedDocument> {
  return JSON.parse(Buffer.from(await ctx.blobs.getBytes(key)).toString('utf8')) as ParsedDocument;
}
