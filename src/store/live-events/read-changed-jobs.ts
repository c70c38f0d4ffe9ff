import type { JobId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import type { Sql } from '../db.ts';
import { type JobRow, toJobRecord } from '../jobs/job-row.ts';

/**
 * The rows of jobs named by change notifications, in one statement. No organisation in the WHERE,
 * unlike every other job lookup: the ids come from the database's own notifications, and live
 * events hand each row only to streams of the row's organisation.
 */
export async function readChangedJobs(sql: Sql, ids: readonly JobId[]): Promise<JobRecord[]> {
  const rows = await sql.query<JobRow>('SELECT * FROM jobs WHERE id = ANY($1::text[])', [ids]);
  return rows.map(toJobRecord);
}
