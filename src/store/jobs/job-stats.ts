import type { OrgId } from '../../core/ids.ts';
import type { TimeWindow } from '../../core/time-window.ts';
import type { Sql } from '../db.ts';
import type { Statement } from '../list-paging.ts';

export interface JobStats {
  from: string;
  to: string;
  totalJobs: number;
  /** Ended completed or partial: jobs that produced a result. */
  completedJobs: number;
  /** Ended failed or timeout. */
  failedJobs: number;
  /** completedJobs / (completedJobs + failedJobs); null before any job ended that way. Cancelled jobs do not count. */
  successRate: number | null;
  byStatus: Record<string, number>;
  byType: Record<string, number>;
  byExtractor: Record<string, number>;
  /** Over the jobs that ended completed or partial. */
  processingMs: { avg: number | null; p50: number | null; p95: number | null };
  avgQuality: number | null;
  /** Mean over extractions of their lowest field confidence. */
  avgConfidence: number | null;
  pages: number;
  credits: number;
}

export const liveStatuses = ['queued', 'processing', 'retrying'];

/**
 * Finished jobs are counted from their usage records (migration 0007), live ones from the jobs
 * table. Two reasons. A purged job's row says `expired` and no longer how it ended, and a deleted
 * job has no row: the record keeps both, so the figures of a period do not change when retention
 * runs. And the records are narrow and never updated, so a covering index serves the whole
 * aggregate (an index-only scan) without costing the jobs table its HOT updates. Live jobs come
 * through the partial index of unfinished jobs: the backlog, not the period.
 */
export function statsStatements(
  orgId: OrgId,
  window: TimeWindow,
): { breakdown: Statement; metrics: Statement } {
  const values = [orgId, window.from, window.to];
  return {
    breakdown: {
      text: `SELECT status, type, extractor_id, GROUPING(status, type, extractor_id) AS set, count(*)::int AS n
        FROM (SELECT status, type, extractor_id FROM usage_records
              WHERE org_id = $1 AND job_created_at >= $2 AND job_created_at < $3
              UNION ALL
              SELECT status, type, extractor_id FROM jobs
              WHERE org_id = $1 AND completed_at IS NULL AND created_at >= $2 AND created_at < $3
                AND status = ANY($4::text[])) AS j
        GROUP BY GROUPING SETS ((status), (type), (extractor_id))`,
      values: [...values, liveStatuses],
    },
    metrics: {
      text: `SELECT avg(processing_ms) FILTER (WHERE ok)::float8 AS avg_ms,
               percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY processing_ms) FILTER (WHERE ok) AS ms,
               avg(quality_score)::float8 AS quality, avg(min_confidence)::float8 AS confidence,
               coalesce(sum(pages), 0)::float8 AS pages, coalesce(sum(credits), 0)::float8 AS credits
        FROM (SELECT processing_ms, quality_score, min_confidence, pages, credits, status IN ('completed', 'partial') AS ok
              FROM usage_records WHERE org_id = $1 AND job_created_at >= $2 AND job_created_at < $3) AS u`,
      values,
    },
  };
}

interface BreakdownRow {
  status: string | null;
  type: string | null;
  extractor_id: string | null;
  set: number;
  n: number;
}

interface MetricsRow {
  avg_ms: number | null;
  ms: (number | null)[] | null;
  quality: number | null;
  confidence: number | null;
  pages: number;
  credits: number;
}

// GROUPING(status, type, extractor_id) is a bit mask, 1 for each column not grouped by.
const groupedBy = { status: 0b011, type: 0b101, extractor: 0b110 } as const;

/** The jobs created in [window.from, window.to). */
export async function jobStats(sql: Sql, orgId: OrgId, window: TimeWindow): Promise<JobStats> {
  const statements = statsStatements(orgId, window);
  const [breakdown, [metrics]] = await Promise.all([
    sql.query<BreakdownRow>(statements.breakdown.text, statements.breakdown.values),
    sql.query<MetricsRow>(statements.metrics.text, statements.metrics.values),
  ]);
  const byStatus: Record<string, number> = {};
  const byType: Record<string, number> = {};
  const byExtractor: Record<string, number> = {};
  for (const row of breakdown) {
    const set = Number(row.set);
    if (set === groupedBy.status && row.status !== null) byStatus[row.status] = row.n;
    else if (set === groupedBy.type && row.type !== null) byType[row.type] = row.n;
    // Jobs without an extractor are the NULL group: left out, as documented.
    else if (set === groupedBy.extractor && row.extractor_id !== null) byExtractor[row.extractor_id] = row.n;
  }
  const count = (...statuses: string[]) => statuses.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);
  const completedJobs = count('completed', 'partial');
  const failedJobs = count('failed', 'timeout');
  const round = (value: number | null | undefined, digits: number) =>
    value === null || value === undefined ? null : Number(Number(value).toFixed(digits));
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    totalJobs: Object.values(byStatus).reduce((a, b) => a + b, 0),
    completedJobs,
    failedJobs,
    successRate:
      completedJobs + failedJobs === 0 ? null : round(completedJobs / (completedJobs + failedJobs), 4),
    byStatus,
    byType,
    byExtractor,
    processingMs: {
      avg: round(metrics?.avg_ms, 0),
      p50: round(metrics?.ms?.[0], 0),
      p95: round(metrics?.ms?.[1], 0),
    },
    avgQuality: round(metrics?.quality, 4),
    avgConfidence: round(metrics?.confidence, 4),
    pages: Number(metrics?.pages ?? 0),
    credits: Number(metrics?.credits ?? 0),
  };
}
