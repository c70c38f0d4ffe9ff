import { writeFileSync } from 'node:fs';
import { apiKeyFile } from '../core/api-key-file.ts';
import type { Config } from '../core/config.ts';
import type { Database } from '../store/db.ts';
import { addApiKey, countApiKeys, createApiKey, ensureOrganisation } from '../store/orgs.ts';

export const defaultOrganisation = 'default';

/**
 * DOCJOBS_BOOTSTRAP_API_KEY is accepted for the organisation "default". Without it, the first
 * embedded start with no key at all makes one, prints it once and leaves it in DATA_DIR/api-key
 * (0600) for the CLI. Returns the generated key, if one was made.
 */
export async function bootstrapKeys(db: Database, config: Config): Promise<string | null> {
  if (config.bootstrapApiKey) {
    const org = await ensureOrganisation(db, defaultOrganisation);
    await addApiKey(db, org.id, config.bootstrapApiKey);
    return null;
  }
  if (db.kind !== 'pglite' || (await countApiKeys(db)) > 0) return null;
  const { key } = await createApiKey(db, defaultOrganisation);
  writeFileSync(apiKeyFile(config.dataDir), `${key}\n`, { mode: 0o600 });
  return key;
}
