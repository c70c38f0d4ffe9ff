import { hashApiKey } from '../store/orgs.ts';
import { countRequest, type WindowCount } from '../store/rate-limits.ts';
import type { Context } from './context.ts';

/**
 * Count one request of an API key in its one-minute window (src/store/rate-limits.ts), shared by
 * every API process through the database. The key's hash is stored, never the key.
 */
export function countKeyRequest(ctx: Pick<Context, 'db'>, key: string): Promise<WindowCount> {
  return countRequest(ctx.db, hashApiKey(key));
}
