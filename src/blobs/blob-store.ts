import type { Readable } from 'node:stream';

/**
 * Where documents, results and thumbnails live. Keys are relative paths such as
 * `jobs/job_…/document`; adapters: filesystem (default) and S3.
 */
export interface BlobStore {
  /** Stream `source` into `key`; the blob appears whole or not at all. */
  put(key: string, source: Readable | Uint8Array): Promise<{ sizeBytes: number }>;
  /**
   * A stream of the blob, or of `range` of it; rejects with BlobNotFoundError when absent, and
   * BlobAccessDeniedError when the store refuses this process.
   */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** The blob whole; rejects like get(). */
  getBytes(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Remove every blob whose key starts with `prefix/`. */
  deletePrefix(prefix: string): Promise<void>;
}

/** Bytes `start` to `end` inclusive (HTTP Range's convention); no `end`: to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** What get() rejects with for a missing key; defined in core, where the error envelope maps it to a 404. */
export { BlobNotFoundError } from '../core/errors.ts';

/**
 * What get() rejects with when the store refuses this process rather than the key: S3's 401/403
 * (wrong, expired or unprivileged credentials), the filesystem's EACCES/EPERM. Every read will fail
 * alike, so a worker takes it as its own fault, not the job's (engine/blob-store-guard.ts). The
 * adapter's error, which says which request and why, is its message and cause.
 */
export class BlobAccessDeniedError extends Error {
  override name = 'BlobAccessDeniedError';
}

const keyPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Keys are built by us, never from user input; this stops a bug from escaping the root. */
export function assertBlobKey(key: string): string {
  if (!keyPattern.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`invalid blob key: ${key}`);
  }
  return key;
}

export const documentKey = (jobId: string) => `jobs/${jobId}/document`;
export const resultKey = (jobId: string) => `jobs/${jobId}/result.json`;
/** The parsed pages of a job that is not a parse job (whose result they are): what children reuse. */
export const parsedKey = (jobId: string) => `jobs/${jobId}/parsed.json`;
/** What an edit job made (issue 19): the new PDF, GET /v1/jobs/{id}/output. */
export const outputKey = (jobId: string) => `jobs/${jobId}/output.pdf`;
export const thumbnailKey = (jobId: string, page: number, width: number) =>
  `jobs/${jobId}/thumbnails/page-${page}-w${width}.png`;
/** A figure cropped from its page (p{page}-{n}.png), cached like thumbnails, deleted with the job. */
export const figureKey = (jobId: string, name: string) => `jobs/${jobId}/figures/${name}`;
export const jobPrefix = (jobId: string) => `jobs/${jobId}`;
/** The random id that tells this store from another (services/blob-store-identity.ts). */
export const storeIdentityKey = 'store-identity';
