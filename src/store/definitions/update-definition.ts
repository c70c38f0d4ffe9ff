import type { DefinitionFields, DefinitionKind, DefinitionRecord } from '../../core/definition.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Database } from '../db.ts';
import {
  type DefinitionRow,
  definitionColumns,
  definitionWithVersion,
  toDefinitionRecord,
} from './definition-row.ts';
import { getDefinition } from './get-definition.ts';
import { insertVersion } from './insert-definition.ts';

/**
 * A new version from the current one. The definition row is locked first, so two changes made
 * together become two versions in turn, each computed from the other's result, instead of both
 * claiming the same number. `change` returns null when there is nothing to change (the version
 * stays); what it throws rolls the transaction back. Null when there is no such live definition.
 */
export async function updateDefinition(
  db: Database,
  orgId: OrgId,
  kind: DefinitionKind,
  id: string,
  change: (current: DefinitionRecord) => DefinitionFields | null,
): Promise<DefinitionRecord | null> {
  return db.transaction(async (tx) => {
    // The lock alone first, then the read in a statement of its own. As one `… JOIN … FOR UPDATE OF d`,
    // a change that waited for the lock rechecked the join with the new d.version against the version
    // row it read before waiting, matched none, and answered null for a live definition (PostgreSQL,
    // read committed; the store contract's concurrent-changes test). A new statement sees the new version.
    const locked = await tx.query(
      'SELECT 1 FROM definitions WHERE id = $1 AND org_id = $2 AND kind = $3 AND deleted_at IS NULL FOR UPDATE',
      [id, orgId, kind],
    );
    if (locked.length === 0) return null;
    const rows = await tx.query<DefinitionRow>(
      `SELECT ${definitionColumns} FROM ${definitionWithVersion} AND v.version = d.version
       WHERE d.id = $1 AND d.org_id = $2 AND d.kind = $3 AND d.deleted_at IS NULL`,
      [id, orgId, kind],
    );
    if (!rows[0]) return null;
    const current = toDefinitionRecord(rows[0]);
    const fields = change(current);
    if (!fields) return current;
    const next = current.version + 1;
    await insertVersion(tx, id, next, fields);
    await tx.query('UPDATE definitions SET version = $3 WHERE id = $1 AND org_id = $2 AND version = $4', [
      id,
      orgId,
      next,
      current.version,
    ]);
    return getDefinition(tx, orgId, kind, id);
  });
}
