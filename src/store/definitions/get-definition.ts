import type { DefinitionKind, DefinitionRecord } from '../../core/definition.ts';
import type { OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';
import {
  type DefinitionRow,
  definitionColumns,
  definitionWithVersion,
  toDefinitionRecord,
} from './definition-row.ts';

export interface Lookup {
  /** A past version; the current one when absent. */
  version?: number;
  /** Also a deleted definition: a job that recorded it must still resolve what it used. */
  includeDeleted?: boolean;
}

/**
 * The organisation and the kind are part of every lookup: another organisation's id, or a
 * classifier's id asked for as an extractor, is simply not found.
 */
export async function getDefinition(
  sql: Sql,
  orgId: OrgId,
  kind: DefinitionKind,
  id: string,
  lookup: Lookup = {},
): Promise<DefinitionRecord | null> {
  const values: unknown[] = [id, orgId, kind];
  let which = 'v.version = d.version';
  if (lookup.version !== undefined) {
    values.push(lookup.version);
    which = 'v.version = $4';
  }
  const rows = await sql.query<DefinitionRow>(
    `SELECT ${definitionColumns} FROM ${definitionWithVersion} AND ${which}
     WHERE d.id = $1 AND d.org_id = $2 AND d.kind = $3${lookup.includeDeleted ? '' : ' AND d.deleted_at IS NULL'}`,
    values,
  );
  return rows[0] ? toDefinitionRecord(rows[0]) : null;
}
