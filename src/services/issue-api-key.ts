import { createApiKey } from '../store/orgs.ts';
import type { Context } from './context.ts';

/**
 * A new API key for the organisation named `orgName`, created if missing (`docjobs keys create`).
 * The key is shown this once: only its hash is stored.
 */
export async function issueApiKey(
  ctx: Pick<Context, 'db'>,
  orgName: string,
): Promise<{ key: string; org: string }> {
  const { key, org } = await createApiKey(ctx.db, orgName);
  return { key, org: org.name };
}
