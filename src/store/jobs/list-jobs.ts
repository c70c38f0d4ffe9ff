import type { OrgId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import type { JobFilter } from '../../core/job-filter.ts';
import type { Cursor, PageRequest } from '../../core/page-request.ts';
import type { Sql } from '../db.ts';
import { newestFirstPage, pageOfRows, type Statement } from '../list-paging.ts';
import { type JobRow, toJobRecord } from './job-row.ts';

export interface JobPage {
  jobs: JobRecord[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

export function jobFilterWhere(orgId: OrgId, filter: JobFilter): { clause: string; values: unknown[] } {
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
  if (filter.caseId !== undefined) add('case_id = ?', filter.caseId);
  if (filter.extractorId !== undefined) add('extractor_id = ?', filter.extractorId);
  if (filter.minConfidence !== undefined) add('min_confidence >= ?::float8', filter.minConfidence);
  // jsonb containment uses the GIN index (jsonb_path_ops) for every metadata filter at once.
  if (filter.metadata && Object.keys(filter.metadata).length > 0)
    add('metadata @> ?::jsonb', JSON.stringify(filter.metadata));
  return { clause: where.join(' AND '), values };
}

/**
 * The two statements of a list page: the page itself (limit + 1 rows, to know whether more follow)
 * and the count. Exported so bench/stats.ts runs the very same SQL without the API, as its floor.
 */
export function listStatements(
  orgId: OrgId,
  filter: JobFilter,
  page: PageRequest,
): { page: Statement; count: Statement } {
  const { clause, values } = jobFilterWhere(orgId, filter);
  return newestFirstPage({ columns: '*', from: 'jobs', clause, values }, page);
}

/** Newest first. A cursor is (created_at, id) of the last job seen, stable under inserts. */
export async function listJobs(
  sql: Sql,
  orgId: OrgId,
  filter: JobFilter,
  page: PageRequest,
): Promise<JobPage> {
  const statements = listStatements(orgId, filter, page);
  const [slice, counted] = await Promise.all([
    pageOf(sql, statements.page, page.limit),
    sql.query<{ total: number }>(statements.count.text, statements.count.values),
  ]);
  return { ...slice, total: counted[0]?.total ?? 0 };
}

/**
 * One page without the count: what the export and the bulk actions walk with the cursor, where a
 * count per page would scan the whole match again (on 100,000 jobs, 100 times).
 */
export async function listJobPage(
  sql: Sql,
  orgId: OrgId,
  filter: JobFilter,
  page: { limit: number; cursor?: Cursor },
): Promise<Omit<JobPage, 'total'>> {
  return pageOf(sql, listStatements(orgId, filter, page).page, page.limit);
}

async function pageOf(sql: Sql, statement: Statement, limit: number): Promise<Omit<JobPage, 'total'>> {
  const rows = await sql.query<JobRow>(statement.text, statement.values);
  const { rows: kept, hasMore, nextCursor } = pageOfRows(rows, limit);
  return { jobs: kept.map(toJobRecord), hasMore, nextCursor };
}
