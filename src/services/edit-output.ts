import type { Readable } from 'node:stream';
import { outputKey } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';

/**
 * The PDF an edit, fill or generate job made (GET /v1/jobs/{id}/output): another org's job is a 404
 * like any unknown id.
 */
export async function getEditOutput(
  ctx: Context,
  orgId: OrgId,
  id: string,
): Promise<{ stream: Readable; fileName: string }> {
  const job = await findJob(ctx, orgId, id);
  if (job.type !== 'edit' && job.type !== 'fill' && job.type !== 'generate')
    throw new DocjobsError(
      'NOT_FOUND',
      `job ${id} is a ${job.type} job; only edit, fill and generate jobs make an output PDF`,
    );
  if (job.status !== 'completed' && job.status !== 'partial')
    throw new DocjobsError(
      'RESULT_NOT_READY',
      `job ${id} is ${job.status}; its PDF exists once it is completed`,
      {
        details: { status: job.status },
      },
    );
  const base = (job.fileName ?? 'document')
    .replace(/\.(pdf|md|markdown|html?)$/i, '')
    .replace(/[^\w.\- ]+/g, '_');
  const suffix = { edit: 'edited', fill: 'filled', generate: 'generated' }[job.type];
  return { stream: await ctx.blobs.get(outputKey(job.id)), fileName: `${base}-${suffix}.pdf` };
}
