import type { OrgId } from '../core/ids.ts';
import type { TimeWindow } from '../core/time-window.ts';
import type { Sql } from './db.ts';

/** Usage of one UTC day and job type. */
export interface UsageDay {
  date: string;
  type: string;
  jobs: number;
  pages: number;
  processingMs: number;
  credits: number;
  /** Tokens LLM engines used (prompt and completion). */
  llmTokens: number;
}

export interface UsageSummary {
  from: string;
  to: string;
  totals: { jobs: number; pages: number; processingMs: number; credits: number; llmTokens: number };
  days: UsageDay[];
}

interface DayRow {
  day: string;
  type: string;
  jobs: number;
  pages: string | number;
  ms: string | number;
  credits: string | number;
  tokens: string | number;
}

/**
 * The usage records (migration 0007: one per finished job, kept after the job is deleted or
 * purged) of jobs that finished in [from, to), per UTC day and type, oldest day first.
 */
export async function usageSummary(sql: Sql, orgId: OrgId, window: TimeWindow): Promise<UsageSummary> {
  const rows = await sql.query<DayRow>(
    `SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, type, count(*)::int AS jobs,
            sum(pages)::bigint AS pages, coalesce(sum(processing_ms), 0)::bigint AS ms, sum(credits)::bigint AS credits, sum(llm_tokens)::bigint AS tokens
     FROM usage_records WHERE org_id = $1 AND finished_at >= $2 AND finished_at < $3
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [orgId, window.from, window.to],
  );
  const days = rows.map((row) => ({
    date: row.day,
    type: row.type,
    jobs: row.jobs,
    pages: Number(row.pages),
    processingMs: Number(row.ms),
    credits: Number(row.credits),
    llmTokens: Number(row.tokens),
  }));
  const totals = { jobs: 0, pages: 0, processingMs: 0, credits: 0, llmTokens: 0 };
  for (const day of days) {
    totals.jobs += day.jobs;
    totals.pages += day.pages;
    totals.processingMs += day.processingMs;
    totals.credits += day.credits;
    totals.llmTokens += day.llmTokens;
  }
  return { from: window.from.toISOString(), to: window.to.toISOString(), totals, days };
}
