import { DocjobsError } from '../core/errors.ts';
import { findKeyHolder, type KeyHolder } from '../store/keys/find-key-holder.ts';
import type { Context } from './context.ts';

/** Far longer than any key we issue (`dj_` + 32 characters): refused without a lookup. */
const maxKeyLength = 200;

/**
 * The organisation an API key belongs to, and the key's id; an unknown, revoked or overlong key is
 * UNAUTHORIZED. The key is looked up by its SHA-256, so the comparison happens on a hash in an
 * index, never character by character against the secret. Nothing is cached: a key revoked through
 * DELETE /v1/keys/{id} is refused on its very next request, by every API process.
 */
export async function authenticate(ctx: Pick<Context, 'db'>, key: string): Promise<KeyHolder> {
  const holder = key.length <= maxKeyLength ? await findKeyHolder(ctx.db, key) : null;
  if (!holder) throw new DocjobsError('UNAUTHORIZED', 'the API key is not valid');
  return holder;
}
