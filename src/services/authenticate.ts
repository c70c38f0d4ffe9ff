import { DocjobsError } from '../core/errors.ts';
import type { Organisation } from '../core/organisation.ts';
import { findOrganisationByKey } from '../store/orgs.ts';
import type { Context } from './context.ts';

/** Far longer than any key we issue (`dj_` + 32 characters): refused without a lookup. */
const maxKeyLength = 200;

/**
 * The organisation an API key belongs to; an unknown, revoked or overlong key is UNAUTHORIZED.
 * The key is looked up by its SHA-256, so the comparison happens on a hash in an index, never
 * character by character against the secret.
 */
export async function authenticate(ctx: Pick<Context, 'db'>, key: string): Promise<Organisation> {
  const org = key.length <= maxKeyLength ? await findOrganisationByKey(ctx.db, key) : null;
  if (!org) throw new DocjobsError('UNAUTHORIZED', 'the API key is not valid');
  return org;
}
