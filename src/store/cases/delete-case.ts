import type { OrgId } from '../../core/ids.ts';
import { terminalStatuses } from '../../core/job-status.ts';
import type { Database } from '../db.ts';

export type CaseDeletion =
  | { outcome: 'deleted'; jobIds: string[] }
  | { outcome: 'not-found' }
  /** Jobs of the case still queued, processing or retrying: nothing was deleted. */
  | { outcome: 'jobs-running'; jobIds: string[] };

/**
 * The case and its jobs' rows in one transaction, only when every job in it is terminal. The case
 * row is locked first: a submit naming the case waits on that lock (its foreign-key check), then
 * fails, so no job can slip into a case while it is being deleted. Returns the deleted job ids;
 * their blobs are the caller's to remove after the commit.
 */
export async function deleteCaseWithJobs(db: Database, orgId: OrgId, id: string): Promise<CaseDeletion> {
  return db.transaction(async (tx) => {
    const found = await tx.query('SELECT 1 FROM cases WHERE id = $1 AND org_id = $2 FOR UPDATE', [id, orgId]);
    if (found.length === 0) return { outcome: 'not-found' };
    const running = await tx.query<{ id: string }>(
      `SELECT id FROM jobs WHERE case_id = $1 AND org_id = $2 AND NOT (status = ANY($3::text[]))
       ORDER BY created_at, id LIMIT 100`,
      [id, orgId, [...terminalStatuses]],
    );
    if (running.length > 0) return { outcome: 'jobs-running', jobIds: running.map((row) => row.id) };
    // Terminal jobs never become non-terminal again, and no new job can join (the lock above).
    const deleted = await tx.query<{ id: string }>(
      'DELETE FROM jobs WHERE case_id = $1 AND org_id = $2 AND status = ANY($3::text[]) RETURNING id',
      [id, orgId, [...terminalStatuses]],
    );
    await tx.query('DELETE FROM cases WHERE id = $1 AND org_id = $2', [id, orgId]);
    return { outcome: 'deleted', jobIds: deleted.map((row) => row.id) };
  });
}
