import type { Context } from '../services/context.ts';

/**
 * A job's input that this worker cannot read though the database says it was stored: the job's
 * document, or the pages of a job it depends on, missing from this worker's blob store, or the
 * store refusing this worker. Not the job's fault: the worker is looking at the wrong store
 * (another DATA_DIR, no shared BLOB_URL), its credentials are wrong or expired, or the store lost
 * data. Raised by job-content.ts; run-job.ts hands the job back for it and tells the guard.
 */
export class BlobStoreFault extends Error {
  override name = 'BlobStoreFault';
}

/**
 * What a worker does about a BlobStoreFault. Failing the job — "the document of this job is gone" —
 * let one misconfigured machine empty a cluster's queue. Instead the job goes back (no retry spent),
 * and at the first fault the worker stops taking jobs, reports itself unhealthy on /readyz and says
 * why, once; jobs it had already fetched go back without being run. The start check
 * (services/blob-store-identity.ts) catches the usual case before any job is taken.
 *
 * No check before each job: the read that meets the fault raises it (a per-job HEAD cost a round
 * trip to S3 for every job to find what the document's GET finds anyway).
 */
export class BlobStoreGuard {
  #fault: string | null = null;
  readonly #ctx: Context;
  readonly #stopTaking: () => void;

  constructor(ctx: Context, stopTaking: () => void) {
    this.#ctx = ctx;
    this.#stopTaking = stopTaking;
  }

  /** True once a fault was met: the jobs still fetched are handed back unrun. */
  get faulted(): boolean {
    return this.#fault !== null;
  }

  /** The first fault stops the worker; jobs of the same batch that meet it too add nothing. */
  report(fault: BlobStoreFault): void {
    if (this.#fault) return;
    this.#fault = `${fault.message}; this worker stopped taking jobs and hands them back. Check that BLOB_URL (or DATA_DIR) is the one the API processes use, and its credentials, then restart it.`;
    const { config, health } = this.#ctx;
    health?.fail('blob store', this.#fault);
    if (config.logLevel !== 'silent') console.error(`docjobs worker: ${this.#fault}`);
    this.#stopTaking();
  }
}
