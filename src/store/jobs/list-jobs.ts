import type { OrgId } from '../../core/ids.ts';
import type { JobRecord, JobType } from '../../core/job.ts';
import type { JobStatus } from '../../core/job-status.ts';
import type { Sql } from '../db.ts';
import { type JobRow, toJobRecord } from './job-row.ts';

export interface JobFilter {
  statuses?: JobStatus[];
  type?: JobType;
  createdAfter?: Date;
  createdBefore?: Date;
  metadata?: Record<string, string>;
  /** Jobs whose qualityScore is at least this; jobs without a score never match. */
  minQuality?: number;
}

export interface JobPage {
  jobs: JobRecord[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  offset?: number;
  cursor?: { createdAt: string; id: string };
}

function whereOf(orgId: OrgId, filter: JobFilter): { clause: string; values: unknown[] } {
  const values: unknown[] = [orgId];
  const where = ['org_id = $1'];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.statuses?.length) add('status = ANY(?::text[])', filter.statuses);
  if (filter.type) add('type = ?', filter.type);
  if (filter.createdAfter) add('created_at > ?', filter.createdAfter);
  if (filter.createdBefore) add('created_at < ?', filter.createdBefore);
  if (filter.minQuality !== undefined) add('quality_score >= ?::float8', filter.minQuality);
  // jsonb containment uses the GIN index (jsonb_path_ops) for every metadata filter at once.
  if (filter.metadata && Object.keys(filter.metadata).length > 0)
    add('metadata @> ?::jsonb', JSON.stringify(filter.metadata));
  return { clause: where.join(' AND '), values };
}

export const encodeCursor = (job: Pick<JobRecord, 'createdAt' | 'id'>) =>
  Buffer.from(`${job.createdAt}|${job.id}`).toString('base64url');

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length > 0 || Number.isNaN(Date.parse(createdAt))) return null;
  return { createdAt, id };
}

/** Newest first. A cursor is (created_at, id) of the last job seen, stable under inserts. */
export async function listJobs(
  sql: Sql,
  orgId: OrgId,
  filter: JobFilter,
  page: PageRequest,
): Promise<JobPage> {
  const { clause, values } = whereOf(orgId, filter);
  const pageValues = [...values];
  let pageClause = clause;
  if (page.cursor) {
    pageValues.push(page.cursor.createdAt, page.cursor.id);
    const n = pageValues.length;
    pageClause += ` AND (created_at, id) < ($${n - 1}::timestamptz, $${n})`;
  }
  pageValues.push(page.limit + 1, page.cursor ? 0 : (page.offset ?? 0));
  const n = pageValues.length;
  const [rows, counted] = await Promise.all([
    sql.query<JobRow>(
      `SELECT * FROM jobs WHERE ${pageClause} ORDER BY created_at DESC, id DESC LIMIT $${n - 1} OFFSET $${n}`,
      pageValues,
    ),
    sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM jobs WHERE ${clause}`, values),
  ]);
  const hasMore = rows.length > page.limit;
  const jobs = rows.slice(0, page.limit).map(toJobRecord);
  const last = jobs.at(-1);
  return {
    jobs,
    total: counted[0]?.total ?? 0,
    hasMore,
    nextCursor: hasMore && last ? encodeCursor(last) : null,
  };
}
