import { randomUUID } from 'node:crypto';
import { BlobAccessDeniedError, BlobNotFoundError, storeIdentityKey } from '../blobs/blob-store.ts';
import { type Config, ConfigError } from '../core/config.ts';
import {
  newestDocumentKeys,
  readBlobStoreIdentity,
  recordBlobStoreIdentity,
  withIdentityLock,
} from '../store/blob-store-identity.ts';
import type { Context } from './context.ts';

/** Newest documents looked for when a database that has jobs meets a store without an identity. */
const adoptionSample = 5;

/**
 * At start, before taking any work: does this process see the blob store the database's other
 * processes use? Both keep the same random id (migration 0014 and the blob `store-identity`):
 * - neither has one: the first start (or the first since 0014) writes it to both — unless the
 *   database has jobs and none of its newest documents is in this store, which then is the wrong one;
 * - only the store has one: a new database on a kept store; the database adopts it;
 * - only the database has one, or they differ: the wrong store (another DATA_DIR, no shared
 *   BLOB_URL). A ConfigError: the process stops with the message rather than failing every job
 *   it would take with "the document of this job is gone".
 * Returns the identity.
 */
export async function checkBlobStoreIdentity(ctx: Pick<Context, 'config' | 'db' | 'blobs'>): Promise<string> {
  const { config, db, blobs } = ctx;
  return withIdentityLock(db, async (sql) => {
    const recorded = await readBlobStoreIdentity(sql);
    const stored = await readStoreIdentity(ctx);
    if (recorded && stored === recorded) return recorded;
    if (recorded) {
      throw new ConfigError(
        stored
          ? `${storeName(config)} belongs to another deployment: its identity is ${stored}, this database's blob store is ${recorded}. ${fix(config)}`
          : `${storeName(config)} is not the blob store this database's other processes use (it has no identity file; theirs is ${recorded}). ${fix(config)}`,
      );
    }
    if (stored) return recordBlobStoreIdentity(sql, stored);
    const documents = await newestDocumentKeys(sql, adoptionSample);
    if (documents.length > 0 && !(await someExist(ctx, documents))) {
      throw new ConfigError(
        `${storeName(config)} holds none of the ${documents.length} newest documents of this database's jobs: it is not the blob store they were stored in. ${fix(config)}`,
      );
    }
    const id = randomUUID();
    await blobs.put(storeIdentityKey, Buffer.from(id));
    return recordBlobStoreIdentity(sql, id);
  });
}

async function readStoreIdentity({
  blobs,
  config,
}: Pick<Context, 'blobs' | 'config'>): Promise<string | null> {
  try {
    return (
      Buffer.from(await blobs.getBytes(storeIdentityKey))
        .toString('utf8')
        .trim() || null
    );
  } catch (error) {
    if (error instanceof BlobNotFoundError) return null;
    // Wrong or expired credentials: the start stops here, naming the store as well as the keys.
    if (error instanceof BlobAccessDeniedError)
      throw new ConfigError(`${storeName(config)} refuses this process: ${error.message}`, { cause: error });
    throw error;
  }
}

async function someExist({ blobs }: Pick<Context, 'blobs'>, keys: string[]): Promise<boolean> {
  for (const key of keys) if (await blobs.exists(key)) return true;
  return false;
}

/** The store as its settings name it, for messages: BLOB_URL, or DATA_DIR when BLOB_URL is unset. */
export function storeName(config: Config): string {
  return config.blobUrl
    ? `the blob store BLOB_URL=${config.blobUrl}`
    : `the blob store in DATA_DIR=${config.dataDir} (BLOB_URL is unset)`;
}

const fix = (config: Config) =>
  config.blobUrl
    ? 'Give this process the BLOB_URL (and AWS_ENDPOINT_URL) the other processes of this database use.'
    : 'Give this process the DATA_DIR the other processes of this database use, or a BLOB_URL shared by all of them.';
