import type { DefinitionKind, DefinitionRecord } from '../../core/definition.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';
import {
  type DefinitionRow,
  definitionColumns,
  definitionWithVersion,
  toDefinitionRecord,
} from './definition-row.ts';

export interface VersionPage {
  versions: DefinitionRecord[];
  total: number;
  hasMore: boolean;
}

/**
 * A live definition's versions, newest first, paged by offset: versions are only appended and
 * numbered 1..n, so the current version is their count. Null when there is no such definition.
 */
export async function listVersions(
  sql: Sql,
  orgId: OrgId,
  kind: DefinitionKind,
  id: string,
  page: { limit: number; offset: number },
): Promise<VersionPage | null> {
  const current = await sql.query<{ version: number }>(
    'SELECT version FROM definitions WHERE id = $1 AND org_id = $2 AND kind = $3 AND deleted_at IS NULL',
    [id, orgId, kind],
  );
  if (!current[0]) return null;
  const rows = await sql.query<DefinitionRow>(
    `SELECT ${definitionColumns} FROM ${definitionWithVersion}
     WHERE d.id = $1 AND d.org_id = $2 ORDER BY v.version DESC LIMIT $3 OFFSET $4`,
    [id, orgId, page.limit + 1, page.offset],
  );
  return {
    versions: rows.slice(0, page.limit).map(toDefinitionRecord),
    total: Number(current[0].version),
    hasMore: rows.length > page.limit,
  };
}
