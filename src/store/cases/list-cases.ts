import type { CaseRecord } from '../../core/case.ts';
import type { OrgId } from '../../core/ids.ts';
import type { PageRequest } from '../../core/page-request.ts';
import type { Sql } from '../db.ts';
import { newestFirstPage, pageOfRows } from '../list-paging.ts';
import { type CaseRow, caseColumns, toCaseRecord } from './case-row.ts';

export interface CasePage {
  cases: CaseRecord[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

/** Newest first, like the job list (newest-first.ts). */
export async function listCases(sql: Sql, orgId: OrgId, page: PageRequest): Promise<CasePage> {
  const statements = newestFirstPage(
    { columns: caseColumns, from: 'cases c', clause: 'c.org_id = $1', values: [orgId], key: 'c.' },
    page,
  );
  const [rows, counted] = await Promise.all([
    sql.query<CaseRow>(statements.page.text, statements.page.values),
    sql.query<{ total: number }>(statements.count.text, statements.count.values),
  ]);
  const { rows: kept, hasMore, nextCursor } = pageOfRows(rows, page.limit);
  return { cases: kept.map(toCaseRecord), total: counted[0]?.total ?? 0, hasMore, nextCursor };
}
