import type { Config } from '../core/config.ts';
import { lockHolder } from '../store/directory-lock.ts';
import { openDatabase } from '../store/open-database.ts';
import { createApiKey } from '../store/orgs.ts';
import { requestKeyFromServer } from './admin-socket.ts';

/**
 * A new key for an organisation (created if missing). Works with the data directory free
 * (opens it), held by a running server (asks it over the admin socket), or on a server database.
 */
export async function createKeyCommand(config: Config, org: string): Promise<{ key: string; org: string }> {
  if (!config.databaseUrl && lockHolder(config.dataDir) !== null)
    return requestKeyFromServer(config.dataDir, org);
  const db = await openDatabase(config);
  try {
    const created = await createApiKey(db, org);
    return { key: created.key, org: created.org.name };
  } finally {
    await db.close();
  }
}
