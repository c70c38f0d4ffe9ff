import { jobPrefix } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import { isTerminal } from '../core/job-status.ts';
import { deleteTerminalJob } from '../store/jobs/delete-job.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';

export interface DeleteOutcome {
  jobsDeleted: number;
  errors: { jobId: string; code: string; message: string }[];
}

/** Terminal jobs only: the row goes, then every blob under the job's prefix (document, result, thumbnails). */
export async function deleteJob(ctx: Context, orgId: OrgId, id: string): Promise<DeleteOutcome> {
  const job = await findJob(ctx, orgId, id);
  if (!isTerminal(job.status)) {
    throw new DocjobsError(
      'JOB_NOT_TERMINAL',
      `job ${id} is ${job.status}; cancel it or wait for it to end first`,
    );
  }
  if (!(await deleteTerminalJob(ctx.db, orgId, job.id))) throw new DocjobsError('NOT_FOUND', `no job ${id}`);
  await ctx.blobs.deletePrefix(jobPrefix(job.id));
  return { jobsDeleted: 1, errors: [] };
}
