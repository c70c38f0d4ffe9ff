import type { JobStatus } from '../../core/job-status.ts';
import type { Database } from '../db.ts';

/**
 * LISTEN on "<schema>_jobs" (migration 0002): a job's status changed, in any process. The payload is
 * "<job id> <status>". Returns the function that stops listening.
 */
export function listenStatusChanges(
  db: Database,
  onChange: (id: string, status: JobStatus) => void,
): Promise<() => Promise<void>> {
  return db.listen(`${db.schema}_jobs`, (payload) => {
    const [id, status] = payload.split(' ');
    if (id && status) onChange(id, status as JobStatus);
  });
}
