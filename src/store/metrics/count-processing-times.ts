import type { Sql } from '../db.ts';

export interface ProcessingTimeBucket {
  type: string;
  status: string;
  /**
   * i such that bounds[i - 1] < processing_ms <= bounds[i]: 0 at or under the first bound,
   * bounds.length over the last.
   */
  bucket: number;
  count: number;
  sumMs: number;
}

/**
 * Processing times of the jobs that finished in the last `windowSeconds`, counted into buckets in
 * SQL: one row per (type, status, bucket), never one per job. `boundsMs` ascending.
 */
export async function countProcessingTimes(
  sql: Sql,
  boundsMs: readonly number[],
  windowSeconds: number,
): Promise<ProcessingTimeBucket[]> {
  const rows = await sql.query<{ type: string; status: string; bucket: number; n: number; sum_ms: number }>(
    // width_bucket counts the bounds at or below a value; a job of exactly 100 ms belongs to le=0.1,
    // so the bounds are given as bound + 1 (processing_ms is a whole number of milliseconds).
    `SELECT type, status, width_bucket(processing_ms, $1::int[]) AS bucket,
            count(*)::int AS n, sum(processing_ms)::float8 AS sum_ms
       FROM jobs
      WHERE processing_ms IS NOT NULL AND completed_at > now() - make_interval(secs => $2)
      GROUP BY type, status, bucket`,
    [boundsMs.map((ms) => ms + 1), windowSeconds],
  );
  return rows.map((row) => ({
    type: row.type,
    status: row.status,
    bucket: row.bucket,
    count: row.n,
    sumMs: Number(row.sum_ms),
  }));
}
