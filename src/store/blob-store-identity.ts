import type { Database, Sql } from './db.ts';

/** The blob store identity this database records (migration 0014), or null before the first start. */
export async function readBlobStoreIdentity(sql: Sql): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>('SELECT id FROM blob_store_identity');
  return row?.id ?? null;
}

/** Record `id`; a row written meanwhile by another process is kept. Returns the one recorded. */
export async function recordBlobStoreIdentity(sql: Sql, id: string): Promise<string> {
  await sql.query('INSERT INTO blob_store_identity (id) VALUES ($1) ON CONFLICT (singleton) DO NOTHING', [
    id,
  ]);
  return (await readBlobStoreIdentity(sql)) ?? id;
}

/**
 * The document keys of the newest jobs that still have one (an expired job's is cleared, a
 * deleted job's row is gone): blobs that must be in the store this database was used with.
 */
export async function newestDocumentKeys(sql: Sql, limit: number): Promise<string[]> {
  const rows = await sql.query<{ document_key: string }>(
    `SELECT document_key FROM jobs WHERE document_key IS NOT NULL ORDER BY created_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.document_key);
}

/**
 * Run `work` while holding the lock that serialises identity checks across every process starting
 * on this database, so that two first starts agree on one identity and a process never reads the
 * row of another that has not written the store's copy yet.
 */
export function withIdentityLock<T>(db: Database, work: (sql: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`docjobs.blob-identity.${db.schema}`]);
    return work(tx);
  });
}
