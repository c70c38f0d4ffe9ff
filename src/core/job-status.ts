/**
 * The job state machine of DESIGN.md, as data. Every UPDATE that changes a status derives its
 * guard from this table (`WHERE status = ANY(statusesThatMoveTo(to))`), so a lost race shows up as
 * "zero rows updated" rather than as a corrupted job.
 */
export const terminalStatuses = [
  'completed',
  'partial',
  'failed',
  'timeout',
  'cancelled',
  'expired',
] as const;
export const jobStatuses = ['queued', 'processing', 'retrying', ...terminalStatuses] as const;

export type JobStatus = (typeof jobStatuses)[number];
export type TerminalStatus = (typeof terminalStatuses)[number];

/**
 * Allowed moves. `processing → processing` is the reclaim of a job whose worker died
 * (its heartbeat lapsed and the queue handed it to another worker). `processing → queued` is a job
 * handed back by a worker shutting down: it waits for the next worker, as it did before it started.
 */
export const moves: Record<JobStatus, readonly JobStatus[]> = {
  queued: ['processing', 'cancelled', 'failed'],
  processing: ['processing', 'queued', 'retrying', 'completed', 'partial', 'failed', 'timeout', 'cancelled'],
  retrying: ['processing', 'cancelled', 'failed'],
  completed: ['expired'],
  partial: ['expired'],
  failed: ['expired'],
  timeout: ['expired'],
  cancelled: ['expired'],
  expired: [],
};

export function isTerminal(status: JobStatus): status is TerminalStatus {
  return (terminalStatuses as readonly string[]).includes(status);
}

export type Transition =
  | { ok: true; from: JobStatus; to: JobStatus }
  | { ok: false; from: JobStatus; to: JobStatus };

export function transition(from: JobStatus, to: JobStatus): Transition {
  return { ok: moves[from].includes(to), from, to };
}

/** The statuses a job may be in for a move to `to` to be allowed: the SQL guard. */
export function statusesThatMoveTo(to: JobStatus): JobStatus[] {
  return jobStatuses.filter((from) => moves[from].includes(to));
}
