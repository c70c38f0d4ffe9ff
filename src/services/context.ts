import type { BlobStore } from '../blobs/blob-store.ts';
import type { Config } from '../core/config.ts';
import type { Database } from '../store/db.ts';
import type { Queue } from '../store/queue.ts';
import type { JobEvents } from './job-events.ts';
import type { ProcessHealth } from './process-health.ts';

/** What services are composed over; one per process, built by src/app.ts. */
export interface Context {
  config: Config;
  db: Database;
  blobs: BlobStore;
  queue: Queue;
  events: JobEvents;
  /** Faults that make this process unfit for work (GET /readyz); absent in contexts built for one task. */
  health?: ProcessHealth;
}
