import type { DefinitionKind, DefinitionRecord } from '../../core/definition.ts';
import type { OrgId } from '../../core/ids.ts';
import type { PageRequest } from '../../core/page-request.ts';
import type { Sql } from '../db.ts';
import { newestFirstPage, pageOfRows } from '../list-paging.ts';
import {
  type DefinitionRow,
  definitionColumns,
  definitionWithVersion,
  toDefinitionRecord,
} from './definition-row.ts';

export interface DefinitionPage {
  items: DefinitionRecord[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

/** The live definitions of one kind at their current versions, newest first (newest-first.ts). */
export async function listDefinitions(
  sql: Sql,
  orgId: OrgId,
  kind: DefinitionKind,
  page: PageRequest,
): Promise<DefinitionPage> {
  const statements = newestFirstPage(
    {
      columns: definitionColumns,
      from: `${definitionWithVersion} AND v.version = d.version`,
      clause: 'd.org_id = $1 AND d.kind = $2 AND d.deleted_at IS NULL',
      values: [orgId, kind],
      key: 'd.',
    },
    page,
  );
  const [rows, counted] = await Promise.all([
    sql.query<DefinitionRow>(statements.page.text, statements.page.values),
    sql.query<{ total: number }>(statements.count.text, statements.count.values),
  ]);
  const { rows: kept, hasMore, nextCursor } = pageOfRows(rows, page.limit);
  return { items: kept.map(toDefinitionRecord), total: counted[0]?.total ?? 0, hasMore, nextCursor };
}
