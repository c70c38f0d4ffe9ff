import type { OrgId } from '../core/ids.ts';
import type { JobFilter } from '../core/job-filter.ts';
import type { PageRequest } from '../core/page-request.ts';
import { type JobPage, listJobs as selectJobPage } from '../store/jobs/list-jobs.ts';
import type { Context } from './context.ts';

/**
 * A page of an organisation's jobs, newest first, with how many match the filter (GET /v1/jobs).
 * The export and the bulk actions walk the same filter without the count (export-jobs.ts, bulk-jobs.ts).
 */
export function listJobs(
  ctx: Pick<Context, 'db'>,
  orgId: OrgId,
  filter: JobFilter,
  page: PageRequest,
): Promise<JobPage> {
  return selectJobPage(ctx.db, orgId, filter, page);
}
