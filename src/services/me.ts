import type { ApiKeyId } from '../core/ids.ts';
import type { Organisation } from '../core/organisation.ts';
import { type ApiKeyView, findApiKey } from './api-keys.ts';
import type { Context } from './context.ts';

export interface Me {
  organisation: Organisation;
  key: ApiKeyView;
}

/** Who the caller is (GET /v1/me): the organisation and the key the request came with. */
export async function whoAmI(ctx: Pick<Context, 'db'>, org: Organisation, keyId: ApiKeyId): Promise<Me> {
  return { organisation: { id: org.id, name: org.name }, key: await findApiKey(ctx, org.id, keyId, keyId) };
}
