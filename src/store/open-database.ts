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
    ? await openServer(config.databaseUrl, schemas)
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

/**
 * A server that cannot be opened, said with the setting to change: the bare "connect ECONNREFUSED
 * 127.0.0.1:5432" or "database \"x\" does not exist" left the user to guess it came from DATABASE_URL.
 */
async function openServer(url: string, schemas: { schema: string; bossSchema: string }): Promise<Database> {
  const { openPostgres } = await import('./postgres-database.ts');
  return openPostgres({ url, ...schemas }).catch((error: Error & { code?: string }) => {
    const hint = serverHints[error.code ?? ''] ?? '';
    throw new Error(
      `cannot open the database DATABASE_URL=${withoutPassword(url)}: ${error.message}${hint}`,
      {
        cause: error,
      },
    );
  });
}

const serverHints: Record<string, string> = {
  ECONNREFUSED: ' (nothing answers there: is PostgreSQL running, and are the host and port right?)',
  ENOTFOUND: ' (no such host)',
  ETIMEDOUT: ' (no answer: a firewall, or the wrong host)',
  '28P01': ' (check the user and password)',
  '28000': ' (the server refuses this user from here: see its pg_hba.conf)',
  '3D000': ' (create it, e.g. createdb, or name an existing one)',
};

/** The URL as it may be printed: a password becomes ***. */
function withoutPassword(url: string): string {
  if (!URL.canParse(url)) return url.replace(/:[^:@/]*@/, ':***@');
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
