import type { OrgId } from '../core/ids.ts';
import type { TimeWindow } from '../core/time-window.ts';
import { type UsageSummary, usageSummary } from '../store/usage.ts';
import type { Context } from './context.ts';

/**
 * An organisation's usage of the jobs that finished in the window, in total and per UTC day and
 * type (GET /v1/usage): from the usage records, kept after a job is deleted or purged.
 */
export function usageReport(
  ctx: Pick<Context, 'db'>,
  orgId: OrgId,
  window: TimeWindow,
): Promise<UsageSummary> {
  return usageSummary(ctx.db, orgId, window);
}
