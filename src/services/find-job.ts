import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { isTerminal } from '../core/job-status.ts';
import { getJob } from '../store/jobs/get-job.ts';
import type { Context } from './context.ts';

/** Unknown and foreign ids are the same answer: 404, so ids cannot be probed across organisations. */
export async function findJob(ctx: Context, orgId: OrgId, id: string): Promise<JobRecord> {
  const job = await getJob(ctx.db, orgId, id);
  if (!job) throw new DocjobsError('NOT_FOUND', `no job ${id}`);
  return job;
}

/**
 * Long poll: hold the request until the job is terminal or `waitSeconds` pass. Woken by the
 * database's notification of each status change; a read every second covers a lost connection.
 */
export async function waitForJob(
  ctx: Context,
  orgId: OrgId,
  id: string,
  waitSeconds: number,
  signal?: AbortSignal,
): Promise<JobRecord> {
  const deadline = Date.now() + waitSeconds * 1000;
  let job = await findJob(ctx, orgId, id);
  while (!isTerminal(job.status) && Date.now() < deadline && !signal?.aborted) {
    await ctx.events.next(job.id, Math.min(1000, Math.max(0, deadline - Date.now())), signal);
    job = await findJob(ctx, orgId, id);
  }
  return job;
}
