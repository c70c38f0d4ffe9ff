import type { OrgId } from '../core/ids.ts';
import type { PageRequest } from '../core/page-request.ts';
import { type ChunkPage, listJobChunks } from '../store/chunks/list-job-chunks.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';

/** GET /v1/jobs/{id}/chunks: a page of the job's indexed chunks in reading order; 404 for another org's job. */
export async function jobChunks(
  ctx: Context,
  orgId: OrgId,
  id: string,
  page: PageRequest,
): Promise<ChunkPage> {
  const job = await findJob(ctx, orgId, id);
  return listJobChunks(ctx.db, orgId, job.id, page);
}
