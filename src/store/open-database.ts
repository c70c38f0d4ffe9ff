import type { Config } from '../core/config.ts';
import type { Database } from './db.ts';
import { runMigrations } from './migrate.ts';

export interface OpenOptions {
  schema?: string;
  bossSchema?: string;
}

/** PGlite under DATA_DIR unless DATABASE_URL names a server; migrated before it is returned. */
export async function openDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseSchema'> &
    Partial<Pick<Config, 'pgliteTemplateDir'>>,
  options: OpenOptions = {},
): Promise<Database> {
  const schemas = {
    schema: options.schema ?? config.databaseSchema,
    bossSchema: options.bossSchema ?? `${options.schema ?? config.databaseSchema}_queue`,
  };
  // Each adapter loaded only when used: a process on a PostgreSQL server never loads PGlite.
  const db = config.databaseUrl
    ? await (await import('./postgres-database.ts')).openPostgres({ url: config.databaseUrl, ...schemas })
    : await (await import('./pglite-database.ts')).openPglite({
        dataDir: config.dataDir,
        templateDir: config.pgliteTemplateDir,
        ...schemas,
      });
  try {
    await runMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
