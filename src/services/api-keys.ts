import { DocjobsError } from '../core/errors.ts';
import type { ApiKeyId, OrgId } from '../core/ids.ts';
import { getKey } from '../store/keys/get-key.ts';
import { insertKey } from '../store/keys/insert-key.ts';
import type { ApiKeyRecord } from '../store/keys/key-row.ts';
import { listKeys } from '../store/keys/list-keys.ts';
import { revokeKey } from '../store/keys/revoke-key.ts';
import type { Context } from './context.ts';

export type { ApiKeyRecord };

/** A key as the API lists it: `current` marks the one the request came with. */
export type ApiKeyView = Omit<ApiKeyRecord, 'orgId'> & { current: boolean };

const view = (key: ApiKeyRecord, currentKeyId: ApiKeyId): ApiKeyView => {
  const { orgId: _, ...shown } = key;
  return { ...shown, current: key.id === currentKeyId };
};

export async function listApiKeys(ctx: Pick<Context, 'db'>, orgId: OrgId, currentKeyId: ApiKeyId) {
  return (await listKeys(ctx.db, orgId)).map((key) => view(key, currentKeyId));
}

export async function findApiKey(ctx: Pick<Context, 'db'>, orgId: OrgId, id: string, currentKeyId: ApiKeyId) {
  const key = await getKey(ctx.db, orgId, id);
  if (!key) throw new DocjobsError('NOT_FOUND', 'no such API key in your organisation');
  return view(key, currentKeyId);
}

/** A new key of the caller's organisation: the answer is the only place the key ever appears. */
export async function createApiKeyFor(
  ctx: Pick<Context, 'db'>,
  orgId: OrgId,
  name: string | null,
  currentKeyId: ApiKeyId,
): Promise<ApiKeyView & { key: string }> {
  const { key, record } = await insertKey(ctx.db, orgId, name);
  return { ...view(record, currentKeyId), key };
}

/**
 * Revoke a key of the caller's organisation; it fails authentication from its next request on.
 * Two guards against locking oneself out by accident: the key the request came with is revoked
 * only when the caller says so (`self`), else KEY_IN_USE; and the organisation's last usable key
 * is never revoked (LAST_KEY: make another first). Revoking a revoked key again changes nothing.
 */
export async function revokeApiKey(
  ctx: Pick<Context, 'db'>,
  orgId: OrgId,
  id: string,
  options: { currentKeyId: ApiKeyId; self: boolean },
): Promise<ApiKeyView> {
  if (id === options.currentKeyId && !options.self) {
    throw new DocjobsError(
      'KEY_IN_USE',
      'this is the key the request came with: send ?self=true to revoke it (the next request with it is refused)',
      { details: { field: 'id' } },
    );
  }
  const result = await revokeKey(ctx.db, orgId, id);
  switch (result.outcome) {
    case 'not-found':
      throw new DocjobsError('NOT_FOUND', 'no such API key in your organisation');
    case 'last-key':
      throw new DocjobsError(
        'LAST_KEY',
        "this is the organisation's only usable key: create another (POST /v1/keys) before revoking it",
        { details: { field: 'id' } },
      );
    case 'revoked':
    case 'already-revoked':
      return view(result.key, options.currentKeyId);
  }
}
