import type { Job, JobEvent } from '@docjobs/client';
import { isRunning, type JobsView, matchesView } from './jobs-filters.ts';

/** The page of jobs the table shows, as GET /v1/jobs answered it and events changed it since. */
export interface JobRows {
  rows: Job[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

/** The rows after some events: a change to a row shown is merged into it; a new job may join. */
export function applyEvents(current: JobRows, events: JobEvent[], view: JobsView): JobRows {
  let rows = current.rows;
  let total = current.total;
  for (const { event, data } of events) {
    const at = rows.findIndex((row) => row.id === data.id);
    if (at >= 0) {
      rows = rows.slice();
      rows[at] = event === 'state' ? (data as Job) : { ...rows[at]!, ...data };
    } else if (event === 'state' && view.cursor === null && matchesView(data as Job, view)) {
      // Only on the first page (on a later one the job belongs pages before), in its place by
      // creation: two jobs' first events may come in either order.
      rows = [...rows, data as Job].sort(newestFirst);
      total += 1;
    }
  }
  return rows === current.rows ? current : { ...current, rows, total };
}

/** The API's order: created_at, then id, descending. */
const newestFirst = (a: Job, b: Job) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1;

/**
 * What a screen reader is told of some events: the jobs shown that ended, by name and status
 * ("invoice.pdf: completed"). Stages and progress are left out: they would talk all the time.
 */
export function endingsOf(rows: readonly Job[], events: readonly JobEvent[]): string | null {
  const told: string[] = [];
  for (const { event, data } of events) {
    if ((event !== 'status' && event !== 'end') || !data.status || isRunning(data.status)) continue;
    const row = rows.find((r) => r.id === data.id);
    if (row && row.status !== data.status) told.push(`${row.fileName ?? row.id}: ${data.status}`);
  }
  return told.length > 0 ? told.join('; ') : null;
}
