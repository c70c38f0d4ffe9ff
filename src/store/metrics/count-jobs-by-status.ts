import type { Sql } from '../db.ts';

export interface JobCount {
  status: string;
  type: string;
  count: number;
}

/** Every organisation's jobs, counted by status and type: one scan of `jobs` (/metrics). */
export function countJobsByStatus(sql: Sql): Promise<JobCount[]> {
  return sql.query<JobCount>('SELECT status, type, count(*)::int AS count FROM jobs GROUP BY status, type');
}
