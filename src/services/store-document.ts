import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { documentKey, jobPrefix } from '../blobs/blob-store.ts';
import { type JobId, newJobId } from '../core/ids.ts';
import type { Context } from './context.ts';

/** A document in the blob store, waiting for its job row. */
export interface StoredDocument {
  jobId: JobId;
  /** null for a job without an upload of its own (it reads its parents' pages). */
  key: string | null;
  sizeBytes: number;
  sha256: string;
}

/**
 * Stream a document into the blob store under its job's prefix, hashing it on the way: it is never
 * held whole in memory. Multipart uploads call this as soon as the file part arrives, before later
 * fields are read. A failed upload leaves nothing behind.
 */
export async function storeDocument(
  ctx: Context,
  document: Readable | Uint8Array,
  jobId: JobId = newJobId(),
): Promise<StoredDocument> {
  const key = documentKey(jobId);
  const digest = createHash('sha256');
  const source = document instanceof Uint8Array ? Readable.from([document]) : document;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      done(null, chunk);
    },
  });
  source.on('error', (error) => hashing.destroy(error));
  try {
    const { sizeBytes } = await ctx.blobs.put(key, source.pipe(hashing));
    return { jobId, key, sizeBytes, sha256: digest.digest('hex') };
  } catch (error) {
    await discardDocument(ctx, { jobId });
    throw error;
  }
}

/** Undo storeDocument: everything under the job's prefix goes. Never throws. */
export async function discardDocument(ctx: Context, document: Pick<StoredDocument, 'jobId'>): Promise<void> {
  await ctx.blobs.deletePrefix(jobPrefix(document.jobId)).catch(() => {});
}
