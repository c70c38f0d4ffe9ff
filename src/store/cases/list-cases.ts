import type { CaseRecord } from '../../core/case.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';
import { type CaseRow, caseColumns, toCaseRecord } from './case-row.ts';

export interface CasePage {
  cases: CaseRecord[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

/** Newest first, like the job list: the same (created_at, id) cursor, or an offset. */
export async function listCases(
  sql: Sql,
  orgId: OrgId,
  page: { limit: number; offset?: number; cursor?: { createdAt: string; id: string } },
): Promise<CasePage> {
  const values: unknown[] = [orgId];
  let where = 'c.org_id = $1';
  if (page.cursor) {
    values.push(page.cursor.createdAt, page.cursor.id);
    where += ' AND (c.created_at, c.id) < ($2::timestamptz, $3)';
  }
  values.push(page.limit + 1, page.cursor ? 0 : (page.offset ?? 0));
  const n = values.length;
  const [rows, counted] = await Promise.all([
    sql.query<CaseRow>(
      `SELECT ${caseColumns} FROM cases c WHERE ${where}
       ORDER BY c.created_at DESC, c.id DESC LIMIT $${n - 1} OFFSET $${n}`,
      values,
    ),
    sql.query<{ total: number }>('SELECT count(*)::int AS total FROM cases WHERE org_id = $1', [orgId]),
  ]);
  const hasMore = rows.length > page.limit;
  const cases = rows.slice(0, page.limit).map(toCaseRecord);
  const last = cases.at(-1);
  return {
    cases,
    total: counted[0]?.total ?? 0,
    hasMore,
    // The job list's cursor format, so decodeCursor() reads both.
    nextCursor: hasMore && last ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') : null,
  };
}
