import type { Config } from '../core/config.ts';
import { lockHolder } from '../store/directory-lock.ts';
import { openDatabase } from '../store/open-database.ts';
import type { Context } from './context.ts';

/*
 * What the one-off database commands (`docjobs keys create`, `docjobs purge`) open, apart from
 * app.ts: importing app.ts loaded the queue, the pdf, OCR and thread pools and the blob store
 * identity check (~200 modules) for a command that runs one INSERT. test/cli-modules.test.ts keeps it so.
 */

/**
 * Whether a running server holds the embedded data directory. Then no other process may open its
 * PGlite, and a one-off command asks that server over the admin socket (cli/admin-socket.ts).
 */
export function serverHoldsDataDir(config: Config): boolean {
  return !config.databaseUrl && lockHolder(config.dataDir) !== null;
}

/** For a one-off command (keys, purge) beside no server: open the database, hand it to `run`, close it. */
export async function withDatabase<T>(
  config: Config,
  run: (ctx: Pick<Context, 'config' | 'db'>) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(config);
  try {
    return await run({ config, db });
  } finally {
    await db.close();
  }
}

/** withDatabase plus the blob store, what `docjobs purge` runs on: no queue, worker or HTTP. */
export async function withDatabaseAndBlobs<T>(
  config: Config,
  run: (ctx: Pick<Context, 'config' | 'db' | 'blobs'>) => Promise<T>,
): Promise<T> {
  // Imported here: `keys create` needs no blob store.
  const { openBlobStore } = await import('../blobs/open-blob-store.ts');
  const blobs = openBlobStore(config); // before the database opens: a bad BLOB_URL fails at once
  return withDatabase(config, (ctx) => run({ ...ctx, blobs }));
}
