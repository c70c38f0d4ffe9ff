/** GET /v1/jobs/{id}/parts/{n}/document: the PDF of one part of a finished split job. */
import { BlobNotFoundError } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';
import { partKey } from './split-parts.ts';

export async function getPartDocument(
  ctx: Context,
  orgId: OrgId,
  id: string,
  part: number,
): Promise<Uint8Array> {
  const job = await findJob(ctx, orgId, id);
  if (job.type !== 'split')
    throw new DocjobsError('NOT_FOUND', `job ${id} is a ${job.type} job; parts are a split job's`);
  if (job.status !== 'completed' && job.status !== 'partial') {
    throw new DocjobsError(
      'RESULT_NOT_READY',
      `job ${id} is ${job.status}; its parts exist once it is completed`,
      {
        details: { status: job.status },
      },
    );
  }
  try {
    return await ctx.blobs.getBytes(partKey(job.id, part));
  } catch (error) {
    if (!(error instanceof BlobNotFoundError)) throw error;
    throw new DocjobsError(
      'NOT_FOUND',
      `job ${id} has no document for part ${part}: see the result's parts (a part's document is null when the input is not a PDF or an image)`,
    );
  }
}
