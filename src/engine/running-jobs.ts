import type { JobId } from '../core/ids.ts';
import type { Sql } from '../store/db.ts';
import { getJobAttempts } from '../store/jobs/get-job-attempts.ts';

export type StopReason = 'cancelled' | 'timeout' | 'lost' | 'shutdown';

interface Running {
  attempt: number;
  controller: AbortController;
  /** Aborted at shutdown: stages that checkpoint stop at their next page (StageContext.handBack). */
  handBack: AbortController;
}

/** A running job's stop (cancel, timeout, lost, shutdown) and its request to hand back at a page boundary. */
export interface RunControl {
  controller: AbortController;
  handBack: AbortSignal;
}

/**
 * The jobs this process is running, and the watch that stops them. Cancel is a row update made
 * by any process (an API instance elsewhere), so each worker looks for its running jobs whose row
 * no longer says "processing by my attempt". One indexed query per interval while anything runs;
 * 500 ms keeps cancel well inside the 2 s the API promises.
 */
export class RunningJobs {
  readonly #jobs = new Map<JobId, Running>();
  readonly #sql: Sql;
  readonly #timer: NodeJS.Timeout;

  constructor(sql: Sql, intervalMs = 500) {
    this.#sql = sql;
    this.#timer = setInterval(() => {
      this.#sweep().catch(() => {}); // a failed sweep is retried at the next tick
    }, intervalMs);
    this.#timer.unref();
  }

  start(id: JobId, attempt: number): RunControl {
    const running = { attempt, controller: new AbortController(), handBack: new AbortController() };
    this.#jobs.set(id, running);
    return { controller: running.controller, handBack: running.handBack.signal };
  }

  finish(id: JobId): void {
    this.#jobs.delete(id);
  }

  get size(): number {
    return this.#jobs.size;
  }

  /** Shutdown begins: jobs that can stop at a page boundary do so now, the others run on. */
  handBackAll(): void {
    for (const { handBack } of this.#jobs.values()) handBack.abort('shutdown' satisfies StopReason);
  }

  stopAll(reason: StopReason): void {
    for (const { controller } of this.#jobs.values()) controller.abort(reason);
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #sweep(): Promise<void> {
    if (this.#jobs.size === 0) return;
    const ids = [...this.#jobs.keys()];
    const rows = await getJobAttempts(this.#sql, ids);
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const id of ids) {
      const running = this.#jobs.get(id);
      if (!running) continue;
      const row = found.get(id);
      if (row?.status === 'processing' && row.attempt === running.attempt) continue;
      running.controller.abort(row?.status === 'cancelled' ? 'cancelled' : 'lost');
    }
  }
}
