import type { ApiKeyId } from '../../core/ids.ts';
import type { Organisation } from '../../core/organisation.ts';
import type { Sql } from '../db.ts';
import { hashApiKey } from '../orgs.ts';

/** Who a request acts for: the organisation, and which of its keys was used. */
export interface KeyHolder {
  org: Organisation;
  keyId: ApiKeyId;
}

/**
 * The organisation of a usable (not revoked) key, looked up by the key's SHA-256, in one round
 * trip that also notes the key's use: last_used_at is written only when it is a minute old or
 * more, so a key sending hundreds of requests a minute costs one write a minute (the row stays
 * HOT-updatable: no index covers last_used_at). No cache: a revoked key fails on its next request.
 */
export async function findKeyHolder(sql: Sql, key: string): Promise<KeyHolder | null> {
  const rows = await sql.query<{ key_id: ApiKeyId; org_id: Organisation['id']; org_name: string }>(
    `WITH found AS (
       SELECT id, org_id, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL
     ), noted AS (
       UPDATE api_keys SET last_used_at = now()
       WHERE id IN (SELECT id FROM found WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
     )
     SELECT f.id AS key_id, o.id AS org_id, o.name AS org_name
     FROM found f JOIN organisations o ON o.id = f.org_id`,
    [hashApiKey(key)],
  );
  const row = rows[0];
  return row ? { org: { id: row.org_id, name: row.org_name }, keyId: row.key_id } : null;
}
