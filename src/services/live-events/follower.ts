import type { JobId, OrgId } from '../../core/ids.ts';
import type { JobRecord, JobType } from '../../core/job.ts';
import type { JobStatus } from '../../core/job-status.ts';
import { endEvent, isOver, type LiveEvent, liveEventsBetween, stateEvent } from './job-changes.ts';

/** Where a stream's events go: the HTTP layer writes them as text/event-stream. */
export interface EventSink {
  /** Write the events; false when the connection's buffer is full (then call `resume` on drain). */
  send(events: LiveEvent[]): boolean;
  keepAlive(): void;
  end(): void;
}

/** The filters of the organisation stream: those of GET /v1/jobs that a job's row can answer alone. */
export interface LiveFilter {
  statuses?: JobStatus[];
  type?: JobType;
  metadata?: Record<string, string>;
}

export function matches(job: JobRecord, filter: LiveFilter): boolean {
  if (filter.statuses?.length && !filter.statuses.includes(job.status)) return false;
  if (filter.type && job.type !== filter.type) return false;
  for (const [key, value] of Object.entries(filter.metadata ?? {})) {
    if (job.metadata[key] !== value) return false;
  }
  return true;
}

/**
 * Terminal jobs an organisation stream still remembers, so that a late re-read of a job it has
 * already told as finished sends nothing rather than its `state` again. Bounded: a stream open for
 * days must not keep every job it ever saw; 1000 covers any burst of re-reads (they follow within
 * one flush, ~20 ms).
 */
const rememberEnded = 1000;

/**
 * One open stream: one job (`jobId` set) or one organisation's jobs matching a filter. It keeps, per
 * job, the row it last sent and sends the difference to each newer row; while the client's buffer is
 * full it only keeps the newest row, so a slow client gets the latest state, never a backlog.
 */
export class Follower {
  readonly orgId: OrgId;
  readonly jobId: JobId | null;
  readonly #filter: LiveFilter;
  readonly #sink: EventSink;
  readonly #onEnd: (follower: Follower) => void;
  readonly #sent = new Map<JobId, JobRecord>();
  readonly #ended = new Set<JobId>();
  readonly #pending = new Map<JobId, JobRecord>();
  #blocked = false;
  #over = false;

  constructor(
    target: { orgId: OrgId; jobId: JobId | null; filter?: LiveFilter },
    sink: EventSink,
    onEnd: (follower: Follower) => void,
  ) {
    this.orgId = target.orgId;
    this.jobId = target.jobId;
    this.#filter = target.filter ?? {};
    this.#sink = sink;
    this.#onEnd = onEnd;
  }

  get over(): boolean {
    return this.#over;
  }

  /** A row as it is now (read after a notification). */
  offer(job: JobRecord): void {
    if (this.#over || job.orgId !== this.orgId) return; // never another organisation's job
    if (this.jobId !== null && job.id !== this.jobId) return;
    this.#pending.set(job.id, job);
    if (!this.#blocked) this.#flush();
  }

  /** The client's buffer drained: send what changed meanwhile. */
  resume(): void {
    this.#blocked = false;
    if (!this.#over) this.#flush();
  }

  keepAlive(): void {
    if (!this.#over && !this.#blocked) this.#sink.keepAlive();
  }

  /** The client left: nothing more is written. */
  close(): void {
    this.#over = true;
    this.#pending.clear();
    this.#sent.clear();
    this.#ended.clear();
  }

  /** The server stops: end the response, so that shutting down does not wait on open streams. */
  shutdown(): void {
    const open = !this.#over;
    this.close();
    if (open) this.#sink.end();
  }

  #flush(): void {
    const events: LiveEvent[] = [];
    let finished = false;
    for (const job of this.#pending.values()) {
      events.push(...(this.jobId === null ? this.#orgEvents(job) : this.#jobEvents(job)));
      if (this.jobId !== null && isOver(job)) finished = true;
    }
    this.#pending.clear();
    if (finished) {
      this.#over = true;
      if (events.length > 0) this.#sink.send(events);
      this.#sink.end();
      this.#onEnd(this);
      return;
    }
    if (events.length > 0) this.#blocked = !this.#sink.send(events);
  }

  #jobEvents(job: JobRecord): LiveEvent[] {
    const before = this.#sent.get(job.id);
    this.#sent.set(job.id, job);
    const events = before ? liveEventsBetween(before, job) : [stateEvent(job)];
    if (isOver(job)) events.push(endEvent(job));
    return events;
  }

  /**
   * A job that stops matching (its status left the filter) is forgotten; if it matches again it is
   * introduced again with `state`. Jobs are introduced with `state` the first time the stream sees
   * them — a new job, or one already running when the stream opened.
   */
  #orgEvents(job: JobRecord): LiveEvent[] {
    const before = this.#sent.get(job.id);
    if (!matches(job, this.#filter)) {
      if (before) this.#forget(job.id);
      return [];
    }
    this.#sent.set(job.id, job);
    if (isOver(job) && !this.#ended.has(job.id)) {
      this.#ended.add(job.id);
      if (this.#ended.size > rememberEnded) {
        const oldest = this.#ended.values().next().value!;
        this.#forget(oldest);
      }
    }
    return before ? liveEventsBetween(before, job) : [stateEvent(job)];
  }

  #forget(id: JobId): void {
    this.#sent.delete(id);
    this.#ended.delete(id);
  }
}
