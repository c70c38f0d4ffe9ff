import type { OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';
import { type ApiKeyRecord, type KeyRow, keyColumns, toKeyRecord } from './key-row.ts';

/**
 * An organisation's keys, oldest first, revoked ones included (they say when). An organisation
 * holds a handful of keys, so there is no paging.
 */
export async function listKeys(sql: Sql, orgId: OrgId): Promise<ApiKeyRecord[]> {
  const rows = await sql.query<KeyRow>(
    `SELECT ${keyColumns} FROM api_keys WHERE org_id = $1 ORDER BY created_at, id`,
    [orgId],
  );
  return rows.map(toKeyRecord);
}
