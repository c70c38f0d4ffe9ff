import type { Config } from '../core/config.ts';
import { issueApiKey } from '../services/issue-api-key.ts';
import { serverHoldsDataDir, withDatabase } from '../services/one-off-database.ts';
import { requestKeyFromServer } from './admin-socket.ts';

/**
 * A new key for an organisation (created if missing). Works with the data directory free
 * (opens it), held by a running server (asks it over the admin socket), or on a server database.
 */
export async function createKeyCommand(config: Config, org: string): Promise<{ key: string; org: string }> {
  if (serverHoldsDataDir(config)) return requestKeyFromServer(config.dataDir, org);
  return withDatabase(config, (ctx) => issueApiKey(ctx, org));
}
