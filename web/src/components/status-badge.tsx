import type { Job } from '@docjobs/client';

/** A job's status as text with a colour: the colour is never the only signal (WCAG 1.4.1). */
export function StatusBadge({ status }: { status: Job['status'] }) {
  return <span className={`status status-${status}`}>{status}</span>;
}
