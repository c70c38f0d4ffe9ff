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
 * The organisation of a usable (not revoked) key, looked up by the key's SHA-256, noting the key's
 * use: last_used_at is written only when it is a minute old or more, so a key sending hundreds of
 * requests a minute costs one write a minute (no index covers last_used_at: the update stays HOT).
 * The write is a second statement, run only then: one statement that both read and updated (a
 * data-modifying CTE) cost every request 2.6x the plain lookup on PGlite (bench/key-lookup.ts).
 * No cache: a revoked key fails on its next request.
 */
export async function findKeyHolder(sql: Sql, key: string): Promise<KeyHolder | null> {
  const rows = await sql.query<{
    key_id: ApiKeyId;
    org_id: Organisation['id'];
    org_name: string;
    stale: boolean;
  }>(
    `SELECT k.id AS key_id, o.id AS org_id, o.name AS org_name,
            (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
     FROM api_keys k JOIN organisations o ON o.id = k.org_id
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
    [hashApiKey(key)],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.stale) {
    // Guarded like the read: of requests that raced here, the first one's write is the one kept.
    await sql.query(
      `UPDATE api_keys SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [row.key_id],
    );
  }
  return { org: { id: row.org_id, name: row.org_name }, keyId: row.key_id };
}
