import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { assertBlobKey, BlobAccessDeniedError, BlobNotFoundError, type BlobStore } from './blob-store.ts';

/** Blobs as files under `root`; writes go to a temporary file renamed into place. */
export function createFsBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => join(root, assertBlobKey(key));
  const notFound = (key: string, error: unknown): never => {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw new BlobNotFoundError(`no blob ${key}`);
    if (code === 'EACCES' || code === 'EPERM') throw new BlobAccessDeniedError(message, { cause: error });
    throw error;
  };

  return {
    async put(key, source) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      let sizeBytes = 0;
      try {
        if (source instanceof Uint8Array) {
          // Bytes already in memory (results, thumbnails): one write, no stream machinery.
          await writeFile(temporary, source, { mode: 0o600 });
          await rename(temporary, path);
          return { sizeBytes: source.byteLength };
        }
        await pipeline(
          source,
          async function* count(chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              sizeBytes += chunk.length;
              yield chunk;
            }
          },
          createWriteStream(temporary, { mode: 0o600 }),
        );
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { sizeBytes };
    },
    async get(key, range) {
      // Opened here, not by the stream: a file this process may not read rejects now, as the port
      // says, instead of failing the stream later (stat alone passes a file without read permission).
      const file = await open(pathOf(key), 'r').catch((error) => notFound(key, error));
      return file.createReadStream(range);
    },
    async getBytes(key) {
      return new Uint8Array(await readFile(pathOf(key)).catch((error) => notFound(key, error)));
    },
    async exists(key) {
      return stat(pathOf(key)).then(
        () => true,
        () => false,
      );
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async deletePrefix(prefix) {
      await rm(pathOf(prefix), { recursive: true, force: true });
    },
  };
}
