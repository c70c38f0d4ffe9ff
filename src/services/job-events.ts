import { EventEmitter } from 'node:events';
import type { Database } from '../store/db.ts';
import { listenStatusChanges } from '../store/jobs/listen-status-changes.ts';

/**
 * The database's announcements of status changes (migration 0002), for this process: one LISTEN,
 * fanned out to whoever waits on a job. Works the same when the change was made by a worker in
 * another process; a waiter still re-reads the row, so a missed notification only costs latency.
 */
export class JobEvents {
  readonly #emitter = new EventEmitter();
  #unlisten: (() => Promise<void>) | null = null;

  static async start(db: Database): Promise<JobEvents> {
    const events = new JobEvents();
    events.#emitter.setMaxListeners(0); // one listener per long poll in flight
    events.#unlisten = await listenStatusChanges(db, (id, status) => events.#emitter.emit(id, status));
    return events;
  }

  /** Resolves at the next status change of the job, or after `ms`, or when `signal` aborts. */
  next(jobId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#emitter.off(jobId, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#emitter.on(jobId, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  async close(): Promise<void> {
    await this.#unlisten?.();
    this.#emitter.removeAllListeners();
  }
}
