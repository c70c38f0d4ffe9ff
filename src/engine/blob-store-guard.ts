import { S3Error } from '../blobs/s3-client.ts';
import type { JobRecord } from '../core/job.ts';
import { storeName } from '../services/blob-store-identity.ts';
import type { Context } from '../services/context.ts';

/**
 * A claimed job whose row says its document was stored, but whose document this worker's blob store
 * does not have, is not the job's fault: the worker is looking at the wrong store (another DATA_DIR,
 * no shared BLOB_URL) or the store lost data. Failing it — "the document of this job is gone" —
 * let one misconfigured machine empty a cluster's queue. Instead the worker hands the job back
 * (no retry spent), stops taking jobs, reports itself unhealthy on /readyz and says why; the start
 * check (services/blob-store-identity.ts) catches the usual case before any job is taken.
 *
 * The same when the store refuses this worker (S3 403: credentials wrong, expired or without
 * permission), which fails every job it would run.
 *
 * One HEAD (or stat) per job with a document, before it runs: a few milliseconds on S3, next to
 * a job that reads the whole document.
 */
export class BlobStoreGuard {
  #fault: string | null = null;
  readonly #ctx: Context;
  readonly #stopTaking: () => void;

  constructor(ctx: Context, stopTaking: () => void) {
    this.#ctx = ctx;
    this.#stopTaking = stopTaking;
  }

  /**
   * True when `job` must be handed back rather than run: its document is missing from this store,
   * or the store refuses this worker, or either happened to another job already.
   */
  async refuses(job: JobRecord): Promise<boolean> {
    if (this.#fault) return true;
    if (!job.documentKey) return false;
    const { config, health } = this.#ctx;
    const problem = await this.#ctx.blobs.exists(job.documentKey).then(
      (found) =>
        found
          ? null
          : `the document of job ${job.id} (${job.documentKey}) is missing from ${storeName(config)}`,
      // A store that cannot answer now (S3 down, throttling) says nothing about where the document
      // is: the job runs and meets the outage as a transient failure, retried like any. A store that
      // refuses this worker (wrong or expired credentials, no permission) would fail every job.
      (error: Error) =>
        isAccessDenied(error) ? `${storeName(config)} refuses this worker: ${error.message}` : null,
    );
    // Another job of the batch may have got here first: one message, one stop.
    if (!problem || this.#fault) return this.#fault !== null;
    this.#fault = `${problem}; this worker stopped taking jobs and hands them back. Check that BLOB_URL (or DATA_DIR) is the one the API processes use, and its credentials, then restart it.`;
    health?.fail('blob store', this.#fault);
    if (config.logLevel !== 'silent') console.error(`docjobs worker: ${this.#fault}`);
    this.#stopTaking();
    return true;
  }
}

/** S3's 401/403 (AccessDenied, InvalidAccessKeyId, ExpiredToken …), or the filesystem's EACCES/EPERM. */
function isAccessDenied(error: unknown): boolean {
  if (error instanceof S3Error) return error.status === 401 || error.status === 403;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EACCES' || code === 'EPERM';
}
