import { DocjobsError } from '../../core/errors.ts';
import type { JobId, OrgId } from '../../core/ids.ts';
import type { Database } from '../../store/db.ts';
import { getJob } from '../../store/jobs/get-job.ts';
import { listenJobChanges } from '../../store/live-events/listen-job-changes.ts';
import { readChangedJobs } from '../../store/live-events/read-changed-jobs.ts';
import { type EventSink, Follower, type LiveFilter } from './follower.ts';

export type { EventSink, LiveFilter } from './follower.ts';
export type { LiveEvent, LiveEventName } from './job-changes.ts';

export interface LiveEventsOptions {
  /**
   * How long notifications are gathered before the rows they name are read, in one statement.
   * A group commit of 50 completions, or a job's status and progress written together, is one
   * read; 20 ms is well under what a person watching a progress bar notices.
   */
  coalesceMs?: number;
  /**
   * Every stream gets a `: keep-alive` comment this often (proxies drop idle connections after
   * 30–60 s), and the jobs followed one by one are read again: a notification lost with a dropped
   * LISTEN connection then costs at most this much latency, never a stream that hangs.
   */
  keepAliveMs?: number;
}

export interface Subscription {
  /** The client left: forget the stream. Idempotent. */
  stop(): void;
  /** The client's buffer drained. */
  resume(): void;
}

/**
 * Live events for this process: one LISTEN on "<schema>_job_changes" (migration 0008, sent by
 * whichever process changed the job), fanned out to the open streams. A notification names a job
 * and its organisation; when some stream follows either, the job is marked, and marked jobs are read
 * in one query per burst, then each stream sends what changed since what it last sent. Nobody
 * following: nothing is read. The LISTEN starts with the first stream and lasts until `close`.
 */
export class LiveEvents {
  readonly #db: Database;
  readonly #coalesceMs: number;
  readonly #keepAliveMs: number;
  readonly #byJob = new Map<JobId, Set<Follower>>();
  readonly #byOrg = new Map<OrgId, Set<Follower>>();
  readonly #dirty = new Set<JobId>();
  #listening: Promise<() => Promise<void>> | null = null;
  #flushTimer: NodeJS.Timeout | null = null;
  #reading = false;
  #ticker: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(db: Database, options: LiveEventsOptions = {}) {
    this.#db = db;
    this.#coalesceMs = options.coalesceMs ?? 20;
    this.#keepAliveMs = options.keepAliveMs ?? 15_000;
  }

  /** Open streams in this process. */
  get size(): number {
    let count = 0;
    for (const followers of this.#byJob.values()) count += followers.size;
    for (const followers of this.#byOrg.values()) count += followers.size;
    return count;
  }

  /**
   * Follow one job: its current state first, then its changes, then the stream ends after its
   * terminal status. Another organisation's job is NOT_FOUND, like everywhere else.
   */
  async followJob(orgId: OrgId, id: string, sink: EventSink): Promise<Subscription> {
    const job = await getJob(this.#db, orgId, id);
    if (!job) throw new DocjobsError('NOT_FOUND', `no job ${id}`);
    await this.#listen();
    const follower = new Follower({ orgId, jobId: job.id }, sink, (f) => this.#remove(f));
    this.#add(this.#byJob, job.id, follower);
    // The first state is read through the same queue of reads as every change after it, so it can
    // never arrive after (and be overtaken by) a newer row.
    this.#mark(job.id);
    return this.#subscription(follower);
  }

  /** Follow an organisation's jobs that match `filter`, from now on (each introduced by `state`). */
  async followOrg(orgId: OrgId, filter: LiveFilter, sink: EventSink): Promise<Subscription> {
    await this.#listen();
    const follower = new Follower({ orgId, jobId: null, filter }, sink, (f) => this.#remove(f));
    this.#add(this.#byOrg, orgId, follower);
    return this.#subscription(follower);
  }

  /** Ends every open stream and stops listening. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const index of [this.#byJob, this.#byOrg]) {
      for (const followers of index.values()) {
        for (const follower of followers) follower.shutdown();
      }
      index.clear();
    }
    this.#stopTimers();
    const unlisten = await this.#listening?.catch(() => null);
    this.#listening = null;
    await unlisten?.();
  }

  #subscription(follower: Follower): Subscription {
    return {
      stop: () => {
        follower.close();
        this.#remove(follower);
      },
      resume: () => follower.resume(),
    };
  }

  #listen(): Promise<() => Promise<void>> {
    if (this.#closed) return Promise.reject(new DocjobsError('INTERNAL_ERROR', 'live events are closed'));
    this.#listening ??= listenJobChanges(this.#db, (id, orgId) => {
      if (this.#byJob.has(id) || this.#byOrg.has(orgId)) this.#mark(id);
    });
    this.#listening.catch(() => {
      this.#listening = null; // the next stream tries again
    });
    return this.#listening;
  }

  #add<K>(index: Map<K, Set<Follower>>, key: K, follower: Follower): void {
    const followers = index.get(key) ?? new Set();
    index.set(key, followers);
    followers.add(follower);
    this.#ticker ??= setInterval(() => this.#tick(), this.#keepAliveMs).unref();
  }

  #remove(follower: Follower): void {
    const [index, key] =
      follower.jobId === null ? [this.#byOrg, follower.orgId] : [this.#byJob, follower.jobId];
    const followers = (index as Map<string, Set<Follower>>).get(key);
    followers?.delete(follower);
    if (followers?.size === 0) (index as Map<string, Set<Follower>>).delete(key);
    if (this.#byJob.size === 0 && this.#byOrg.size === 0) this.#stopTimers();
  }

  #tick(): void {
    for (const index of [this.#byJob, this.#byOrg]) {
      for (const followers of index.values()) for (const follower of followers) follower.keepAlive();
    }
    for (const id of this.#byJob.keys()) this.#mark(id);
  }

  #mark(id: JobId): void {
    this.#dirty.add(id);
    this.#schedule(this.#coalesceMs);
  }

  #schedule(ms: number): void {
    if (this.#closed || this.#flushTimer || this.#reading) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = null;
      this.#flush().catch(() => {});
    }, ms);
  }

  /** One read at a time: rows reach the streams in the order they were read, newest last. */
  async #flush(): Promise<void> {
    const ids = [...this.#dirty].filter((id) => this.#byJob.has(id) || this.#byOrg.size > 0);
    this.#dirty.clear();
    if (ids.length === 0 || this.#closed) return;
    this.#reading = true;
    let retryMs = this.#coalesceMs;
    try {
      for (const job of await readChangedJobs(this.#db, ids)) {
        for (const follower of [...(this.#byJob.get(job.id) ?? []), ...(this.#byOrg.get(job.orgId) ?? [])])
          follower.offer(job);
      }
    } catch {
      // The database is away (restarting, or closing under us): try the same jobs again in a second.
      for (const id of ids) this.#dirty.add(id);
      retryMs = 1000;
    } finally {
      this.#reading = false;
      if (this.#dirty.size > 0) this.#schedule(retryMs);
    }
  }

  #stopTimers(): void {
    if (this.#ticker) clearInterval(this.#ticker);
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#ticker = null;
    this.#flushTimer = null;
  }
}
