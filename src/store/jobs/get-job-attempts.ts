import type { JobId } from '../../core/ids.ts';
import type { Sql } from '../db.ts';

export interface JobAttempt {
  id: JobId;
  status: string;
  attempt: number;
}

/**
 * Status and attempt of the given jobs, whatever their organisation: the worker's watch over the
 * jobs it runs (src/engine/running-jobs.ts). A job without a row is missing from the answer.
 */
export function getJobAttempts(sql: Sql, ids: readonly JobId[]): Promise<JobAttempt[]> {
  return sql.query<JobAttempt>('SELECT id, status, attempt FROM jobs WHERE id = ANY($1::text[])', [ids]);
}
