import type { DefinitionKind } from '../../core/definition.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';

/**
 * Soft: the definition leaves the API (list and get answer 404) but its versions stay, for the
 * jobs and statistics that recorded them. False when there was no such live definition.
 */
export async function deleteDefinition(sql: Sql, orgId: OrgId, kind: DefinitionKind, id: string) {
  const rows = await sql.query(
    `UPDATE definitions SET deleted_at = now()
     WHERE id = $1 AND org_id = $2 AND kind = $3 AND deleted_at IS NULL RETURNING id`,
    [id, orgId, kind],
  );
  return rows.length === 1;
}
