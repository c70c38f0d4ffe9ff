import type { OrgId } from '../../core/ids.ts';
import type { TimeWindow } from '../../core/time-window.ts';
import type { Sql } from '../db.ts';
import { liveStatuses } from './job-stats.ts';

/** One UTC day of the window: its jobs by status, and the processing times of those that ended well. */
export interface StatsDay {
  date: string;
  total: number;
  byStatus: Record<string, number>;
  /** Milliseconds, over the day's completed and partial jobs; null on a day without any. */
  processingMs: { p50: number | null; p95: number | null };
}

/** Quality scores in tenths: [from, to), the last bin closed (a score of 1 counts in 0.9–1). */
export interface QualityBin {
  from: number;
  to: number;
  count: number;
}

export interface StatsSeries {
  days: StatsDay[];
  qualityHistogram: QualityBin[];
}

const bins = 10;

/**
 * The charts of the console's statistics, over the same jobs as jobStats (job-stats.ts): finished
 * ones from their usage records (served by the covering index usage_org_job_created, so the
 * series cost index-only scans like the totals), live ones from the jobs table. Days are UTC and
 * every day of the window is listed, those without jobs too, so a chart needs no filling in.
 */
export async function jobStatsSeries(sql: Sql, orgId: OrgId, window: TimeWindow): Promise<StatsSeries> {
  const values = [orgId, window.from, window.to];
  const day = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const [counts, times, histogram] = await Promise.all([
    sql.query<{ day: string; status: string; n: number }>(
      `SELECT day, status, count(*)::int AS n
       FROM (SELECT ${day('job_created_at')} AS day, status FROM usage_records
             WHERE org_id = $1 AND job_created_at >= $2 AND job_created_at < $3
             UNION ALL
             SELECT ${day('created_at')}, status FROM jobs
             WHERE org_id = $1 AND completed_at IS NULL AND created_at >= $2 AND created_at < $3
               AND status = ANY($4::text[])) AS j
       GROUP BY day, status`,
      [...values, liveStatuses],
    ),
    sql.query<{ day: string; ms: (number | null)[] }>(
      `SELECT ${day('job_created_at')} AS day,
              percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY processing_ms) AS ms
       FROM usage_records
       WHERE org_id = $1 AND job_created_at >= $2 AND job_created_at < $3
         AND status IN ('completed', 'partial') AND processing_ms IS NOT NULL
       GROUP BY 1`,
      values,
    ),
    sql.query<{ bin: number; n: number }>(
      `SELECT least(width_bucket(quality_score, 0, 1, ${bins}), ${bins}) AS bin, count(*)::int AS n
       FROM usage_records
       WHERE org_id = $1 AND job_created_at >= $2 AND job_created_at < $3 AND quality_score IS NOT NULL
       GROUP BY 1`,
      values,
    ),
  ]);
  const days = new Map<string, StatsDay>();
  for (const date of utcDays(window))
    days.set(date, { date, total: 0, byStatus: {}, processingMs: { p50: null, p95: null } });
  for (const row of counts) {
    const entry = days.get(row.day);
    if (!entry) continue;
    entry.byStatus[row.status] = row.n;
    entry.total += row.n;
  }
  for (const row of times) {
    const entry = days.get(row.day);
    if (!entry) continue;
    const ms = (value: number | null | undefined) => (value == null ? null : Math.round(Number(value)));
    entry.processingMs = { p50: ms(row.ms?.[0]), p95: ms(row.ms?.[1]) };
  }
  const perBin = new Map(histogram.map((row) => [Number(row.bin), row.n]));
  return {
    days: [...days.values()],
    qualityHistogram: Array.from({ length: bins }, (_, i) => ({
      from: i / bins,
      to: (i + 1) / bins,
      // width_bucket numbers bins from 1; a score below 0 (never stored) would be bin 0.
      count: perBin.get(i + 1) ?? 0,
    })),
  };
}

/** Every UTC date the window touches, in order (at most 367: the window is at most 366 days). */
function utcDays(window: TimeWindow): string[] {
  const dates: string[] = [];
  const day = new Date(
    Date.UTC(window.from.getUTCFullYear(), window.from.getUTCMonth(), window.from.getUTCDate()),
  );
  for (; day < window.to; day.setUTCDate(day.getUTCDate() + 1)) dates.push(day.toISOString().slice(0, 10));
  return dates;
}
