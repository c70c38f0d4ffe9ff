import type { ApiKeyId, OrgId } from '../../core/ids.ts';

/** An API key as the API shows it: never the key, nor its hash. */
export interface ApiKeyRecord {
  id: ApiKeyId;
  orgId: OrgId;
  name: string | null;
  /** The key's first characters (`dj_` and four more). */
  prefix: string;
  /** Its last four characters; null for keys made before they were kept. */
  suffix: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface KeyRow {
  id: ApiKeyId;
  org_id: OrgId;
  name: string | null;
  prefix: string;
  suffix: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const keyColumns = 'id, org_id, name, prefix, suffix, created_at, last_used_at, revoked_at';

export function toKeyRecord(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    prefix: row.prefix,
    suffix: row.suffix,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
