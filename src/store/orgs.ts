import { createHash, randomBytes } from 'node:crypto';
import { type ApiKeyId, newApiKeyId, newOrgId, type OrgId } from '../core/ids.ts';
import type { Organisation } from '../core/organisation.ts';
import type { Sql } from './db.ts';

/** Keys are random, so one SHA-256 is enough to store them (no salt or slow hash needed). */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const generateApiKey = () => `dj_${randomBytes(24).toString('base64url')}`;

export async function ensureOrganisation(sql: Sql, name: string): Promise<Organisation> {
  await sql.query('INSERT INTO organisations (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    newOrgId(),
    name,
  ]);
  const rows = await sql.query<Organisation>('SELECT id, name FROM organisations WHERE name = $1', [name]);
  return rows[0]!;
}

/** Store a key's hash for an organisation; storing the same key twice is a no-op. */
export async function addApiKey(sql: Sql, orgId: OrgId, key: string): Promise<ApiKeyId> {
  const id = newApiKeyId();
  await sql.query(
    `INSERT INTO api_keys (id, org_id, key_hash, prefix, suffix) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key_hash) DO NOTHING`,
    [id, orgId, hashApiKey(key), key.slice(0, 7), key.slice(-4)],
  );
  return id;
}

export async function createApiKey(sql: Sql, orgName: string): Promise<{ key: string; org: Organisation }> {
  const org = await ensureOrganisation(sql, orgName);
  const key = generateApiKey();
  await addApiKey(sql, org.id, key);
  return { key, org };
}

export async function findOrganisationByKey(sql: Sql, key: string): Promise<Organisation | null> {
  const rows = await sql.query<Organisation>(
    `SELECT o.id, o.name FROM api_keys k JOIN organisations o ON o.id = k.org_id
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
    [hashApiKey(key)],
  );
  return rows[0] ?? null;
}

export async function countApiKeys(sql: Sql): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL',
  );
  return rows[0]?.n ?? 0;
}
