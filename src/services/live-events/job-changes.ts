import type { JobId } from '../../core/ids.ts';
import { type Job, type JobRecord, publicJob } from '../../core/job.ts';
import { isTerminal } from '../../core/job-status.ts';

/**
 * What a live stream sends (text/event-stream `event:` names):
 * - `state`    the whole job, as GET /v1/jobs/{id} shows it: the first event of a job on a stream;
 * - `status`   {id, status, error, retryCount, startedAt, completedAt, processingMs};
 * - `stage`    {id, stage};
 * - `pages`    {id, pagesDone, pagesTotal};
 * - `progress` {id, progress} (0–100);
 * - `quality`  {id, qualityScore, qualityCategory}, when a job ends having read text;
 * - `end`      {id, status}: the per-job stream is over (sent after the terminal `status`).
 */
export type LiveEventName = 'state' | 'status' | 'stage' | 'pages' | 'progress' | 'quality' | 'end';

export interface LiveEvent {
  event: LiveEventName;
  data: Job | ({ id: JobId } & Record<string, unknown>);
}

export const stateEvent = (job: JobRecord): LiveEvent => ({ event: 'state', data: publicJob(job) });

export const endEvent = (job: JobRecord): LiveEvent => ({
  event: 'end',
  data: { id: job.id, status: job.status },
});

/**
 * The events that take a client from `before` to `after`. Streams send the difference between the
 * row they last sent and the row as it is now, so several changes read at once (a burst coalesced,
 * a slow client catching up) become one event per field, not a replay of every write. The terminal
 * `status` comes last, after the `quality` it brings.
 */
export function liveEventsBetween(before: JobRecord, after: JobRecord): LiveEvent[] {
  const id = after.id;
  const events: LiveEvent[] = [];
  if (before.stage !== after.stage) events.push({ event: 'stage', data: { id, stage: after.stage } });
  if (before.pagesDone !== after.pagesDone || before.pagesTotal !== after.pagesTotal) {
    events.push({ event: 'pages', data: { id, pagesDone: after.pagesDone, pagesTotal: after.pagesTotal } });
  }
  if (before.progress !== after.progress)
    events.push({ event: 'progress', data: { id, progress: after.progress } });
  if (before.qualityScore !== after.qualityScore || before.qualityCategory !== after.qualityCategory) {
    events.push({
      event: 'quality',
      data: { id, qualityScore: after.qualityScore, qualityCategory: after.qualityCategory },
    });
  }
  // A retry goes processing → retrying → processing; a reclaim stays processing with a new
  // attempt: both are told as a status event when the status or the retry count moved.
  if (before.status !== after.status || before.retryCount !== after.retryCount) {
    events.push({
      event: 'status',
      data: {
        id,
        status: after.status,
        error: after.error,
        retryCount: after.retryCount,
        startedAt: after.startedAt,
        completedAt: after.completedAt,
        processingMs: after.processingMs,
      },
    });
  }
  return events;
}

export const isOver = (job: JobRecord): boolean => isTerminal(job.status);
