import type { OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';
import { type ApiKeyRecord, type KeyRow, keyColumns, toKeyRecord } from './key-row.ts';

/** The organisation is part of the lookup: another organisation's key is simply not found. */
export async function getKey(sql: Sql, orgId: OrgId, id: string): Promise<ApiKeyRecord | null> {
  const rows = await sql.query<KeyRow>(`SELECT ${keyColumns} FROM api_keys WHERE id = $1 AND org_id = $2`, [
    id,
    orgId,
  ]);
  return rows[0] ? toKeyRecord(rows[0]) : null;
}
