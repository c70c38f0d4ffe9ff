import type { OrgId } from '../core/ids.ts';
import type { TimeWindow } from '../core/time-window.ts';
import { type JobStats, jobStats as selectJobStats } from '../store/jobs/job-stats.ts';
import { jobStatsSeries, type StatsSeries } from '../store/jobs/job-stats-series.ts';
import type { Context } from './context.ts';

/**
 * Statistics of an organisation's jobs created in the window (GET /v1/jobs/stats): finished jobs from
 * their usage records, so deleting or purging a job leaves the figures as they were; live ones as they are now.
 * With the series the console charts: jobs per UTC day by status, processing percentiles per day,
 * a histogram of quality scores.
 */
export async function jobStats(
  ctx: Pick<Context, 'db'>,
  orgId: OrgId,
  window: TimeWindow,
): Promise<JobStats & StatsSeries> {
  const [totals, series] = await Promise.all([
    selectJobStats(ctx.db, orgId, window),
    jobStatsSeries(ctx.db, orgId, window),
  ]);
  return { ...totals, ...series };
}
