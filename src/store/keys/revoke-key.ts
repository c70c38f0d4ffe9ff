import type { OrgId } from '../../core/ids.ts';
import type { Database } from '../db.ts';
import { type ApiKeyRecord, type KeyRow, keyColumns, toKeyRecord } from './key-row.ts';

export type RevokeOutcome =
  | { outcome: 'revoked'; key: ApiKeyRecord }
  /** Already revoked: nothing changed (a repeated DELETE). */
  | { outcome: 'already-revoked'; key: ApiKeyRecord }
  /** The organisation's only usable key: revoking it would lock its owner out. */
  | { outcome: 'last-key'; key: ApiKeyRecord }
  | { outcome: 'not-found' };

/**
 * Revoke one of an organisation's keys unless it is the last one not revoked. The organisation's
 * usable keys are locked first (FOR UPDATE), so two revokes at once of its last two keys cannot
 * both see the other one still usable: the second waits, re-reads, and finds itself the last.
 */
export async function revokeKey(db: Database, orgId: OrgId, id: string): Promise<RevokeOutcome> {
  return db.transaction(async (tx) => {
    const usable = await tx.query<{ id: string }>(
      'SELECT id FROM api_keys WHERE org_id = $1 AND revoked_at IS NULL ORDER BY id FOR UPDATE',
      [orgId],
    );
    const rows = await tx.query<KeyRow>(`SELECT ${keyColumns} FROM api_keys WHERE id = $1 AND org_id = $2`, [
      id,
      orgId,
    ]);
    if (!rows[0]) return { outcome: 'not-found' };
    const key = toKeyRecord(rows[0]);
    if (key.revokedAt) return { outcome: 'already-revoked', key };
    if (usable.length <= 1) return { outcome: 'last-key', key };
    const revoked = await tx.query<KeyRow>(
      `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND org_id = $2 AND revoked_at IS NULL
       RETURNING ${keyColumns}`,
      [id, orgId],
    );
    return { outcome: 'revoked', key: toKeyRecord(revoked[0]!) };
  });
}
