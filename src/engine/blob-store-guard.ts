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

  /** True when `job` must be handed back rather than run: its document is missing here, or was for another job. */
  async refuses(job: JobRecord): Promise<boolean> {
    if (this.#fault) return true;
    // A store that cannot answer (S3 down) says nothing about where the document is: the job runs
    // and meets the outage as a transient failure, retried like any.
    if (!job.documentKey || (await this.#ctx.blobs.exists(job.documentKey).catch(() => true))) return false;
    // Another job of the batch may have got here first: one message, one stop.
    if (this.#fault) return true;
    const { config, health } = this.#ctx;
    this.#fault =
      `the document of job ${job.id} (${job.documentKey}) is missing from ${storeName(config)}; ` +
      'this worker stopped taking jobs and hands them back. Check that BLOB_URL (or DATA_DIR) is the one the API processes use, then restart it.';
    health?.fail('blob store', this.#fault);
    if (config.logLevel !== 'silent') console.error(`docjobs worker: ${this.#fault}`);
    this.#stopTaking();
    return true;
  }
}
