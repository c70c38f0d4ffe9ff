import type { OrgId } from '../core/ids.ts';
import type { TimeWindow } from '../core/time-window.ts';
import { type JobStats, jobStats as selectJobStats } from '../store/jobs/job-stats.ts';
import { jobStatsSeries, type StatsSeries } from '../store/jobs/job-stats-series.ts';
import type { Context } from './context.ts';

/**
 * Statistics of an organisation's jobs created in the window (GET /v1/jobs/stats): finished jobs from
 * their usage records, so deleting or purging a job leaves the figures as they were; live ones as they are now.
 * With `series`, also what the console charts: jobs per UTC day by status, processing percentiles
 * per day, a histogram of quality scores. Asked for, not always sent: they take three more scans
 * of the window, which about doubled the answer's time (bench/stats.ts, 1,000,000 jobs: 1.94x).
 */
export async function jobStats(
  ctx: Pick<Context, 'db'>,
  orgId: OrgId,
  window: TimeWindow,
  options: { series?: boolean } = {},
): Promise<JobStats & Partial<StatsSeries>> {
  const [totals, series] = await Promise.all([
    selectJobStats(ctx.db, orgId, window),
    options.series ? jobStatsSeries(ctx.db, orgId, window) : undefined,
  ]);
  return { ...totals, ...series };
}
