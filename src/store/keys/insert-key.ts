import { type ApiKeyId, newApiKeyId, type OrgId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';
import { generateApiKey, hashApiKey } from '../orgs.ts';
import { type ApiKeyRecord, type KeyRow, keyColumns, toKeyRecord } from './key-row.ts';

/** A new random key for an organisation: the key itself is returned this once, only its hash is kept. */
export async function insertKey(
  sql: Sql,
  orgId: OrgId,
  name: string | null,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = generateApiKey();
  const id: ApiKeyId = newApiKeyId();
  const rows = await sql.query<KeyRow>(
    `INSERT INTO api_keys (id, org_id, key_hash, prefix, suffix, name) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${keyColumns}`,
    [id, orgId, hashApiKey(key), key.slice(0, 7), key.slice(-4), name],
  );
  return { key, record: toKeyRecord(rows[0]!) };
}
