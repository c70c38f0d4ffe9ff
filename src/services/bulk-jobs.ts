import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { JobFilter } from '../core/job-filter.ts';
import type { Cursor } from '../core/page-request.ts';
import { listJobPage } from '../store/jobs/list-jobs.ts';
import { cancelJob } from './cancel-job.ts';
import type { Context } from './context.ts';
import { deleteJob } from './delete-job.ts';
import { retryJob } from './retry-job.ts';

export const bulkActions = ['cancel', 'delete', 'reprocess'] as const;
export type BulkAction = (typeof bulkActions)[number];

/**
 * Jobs one call acts on at most. A reprocess copies each document into a new job, so it takes
 * fewer: 100 documents of the 100 MB upload limit are already 10 GB written in one request.
 * A larger match is walked call by call with `nextCursor`.
 */
export const bulkLimits: Record<BulkAction, number> = { cancel: 1000, delete: 1000, reprocess: 100 };

export type BulkTarget = { ids: string[] } | { filter: JobFilter; limit?: number; cursor?: Cursor };

export interface BulkError {
  jobId: string;
  code: string;
  message: string;
}

export interface BulkOutcome {
  /** Jobs this call acted on: succeeded + errors.length. */
  matched: number;
  succeeded: number;
  errors: BulkError[];
  /** With a filter: more jobs match after these; pass nextCursor to go on. */
  hasMore: boolean;
  nextCursor: string | null;
  /** reprocess: the new jobs, each with the job it reprocesses. */
  created?: { id: string; reprocessedFrom: string }[];
}

/** Same service as the single-job routes, job by job: the same guards, the same error codes. */
export async function bulkJobs(
  ctx: Context,
  orgId: OrgId,
  action: BulkAction,
  target: BulkTarget,
): Promise<BulkOutcome> {
  const max = bulkLimits[action];
  let ids: string[];
  let more: { hasMore: boolean; nextCursor: string | null } = { hasMore: false, nextCursor: null };
  if ('ids' in target) {
    ids = [...new Set(target.ids)];
    if (ids.length > max) {
      throw new DocjobsError('VALIDATION_ERROR', `at most ${max} ids per ${action}`, {
        details: { field: 'ids' },
      });
    }
  } else {
    const page = await listJobPage(ctx.db, orgId, target.filter, {
      limit: Math.min(target.limit ?? max, max),
      cursor: target.cursor,
    });
    ids = page.jobs.map((job) => job.id);
    more = { hasMore: page.hasMore, nextCursor: page.nextCursor };
  }

  const errors: BulkError[] = [];
  const created: { id: string; reprocessedFrom: string }[] = [];
  let succeeded = 0;
  const act = async (id: string) => {
    try {
      if (action === 'cancel') await cancelJob(ctx, orgId, id);
      else if (action === 'delete') await deleteJob(ctx, orgId, id);
      else created.push({ id: (await retryJob(ctx, orgId, id)).job.id, reprocessedFrom: id });
      succeeded++;
    } catch (error) {
      // One job's failure is reported in the answer; a 500 would lose what the others did.
      errors.push(
        error instanceof DocjobsError
          ? { jobId: id, code: error.code, message: error.message }
          : { jobId: id, code: 'INTERNAL_ERROR', message: 'internal error' },
      );
    }
  };
  // A few at a time: each is a few statements (and for delete and reprocess blob work); PGlite
  // serialises them anyway, a server pool of 10 keeps room for the API's other requests.
  let next = 0;
  const lane = async () => {
    while (next < ids.length) await act(ids[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, lane));
  const order = new Map(ids.map((id, i) => [id, i]));
  errors.sort((a, b) => order.get(a.jobId)! - order.get(b.jobId)!);
  created.sort((a, b) => order.get(a.reprocessedFrom)! - order.get(b.reprocessedFrom)!);
  return {
    matched: ids.length,
    succeeded,
    errors,
    ...more,
    ...(action === 'reprocess' ? { created } : {}),
  };
}
