import type { JobId, OrgId } from '../../core/ids.ts';
import type { Database } from '../db.ts';

/**
 * LISTEN on "<schema>_job_changes" (migration 0008): a job was created, or its status, stage,
 * progress, pages or quality changed, in any process. The payload is "<job id> <org id>". Returns
 * the function that stops listening.
 */
export function listenJobChanges(
  db: Database,
  onChange: (id: JobId, orgId: OrgId) => void,
): Promise<() => Promise<void>> {
  return db.listen(`${db.schema}_job_changes`, (payload) => {
    const [id, orgId] = payload.split(' ') as [JobId, OrgId];
    onChange(id, orgId);
  });
}
