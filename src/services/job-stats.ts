import type { OrgId } from '../core/ids.ts';
import type { TimeWindow } from '../core/time-window.ts';
import { type JobStats, jobStats as selectJobStats } from '../store/jobs/job-stats.ts';
import type { Context } from './context.ts';

/**
 * Statistics of an organisation's jobs created in the window (GET /v1/jobs/stats): finished jobs from
 * their usage records, so deleting or purging a job leaves the figures as they were; live ones as they are now.
 */
export function jobStats(ctx: Pick<Context, 'db'>, orgId: OrgId, window: TimeWindow): Promise<JobStats> {
  return selectJobStats(ctx.db, orgId, window);
}
