import type { Sql } from './db.ts';

export interface WindowCount {
  /** Requests of this key in the current window, this one included. */
  count: number;
  /** Seconds until the window ends and the count starts again (1 to 60). */
  resetSeconds: number;
}

/**
 * Count one request of a key in its one-minute window: one statement, atomic across every API
 * process (migration 0012). Windows are cut on the database clock, so API machines whose clocks
 * differ still agree on them. A fixed window lets a key send up to twice the limit across a
 * window's edge; the price of one row per key and one upsert per request.
 */
export async function countRequest(sql: Sql, keyHash: string): Promise<WindowCount> {
  const rows = await sql.query<WindowCount>(
    `INSERT INTO rate_limits AS r (key_hash, window_start, count) VALUES ($1, date_trunc('minute', now()), 1)
     ON CONFLICT (key_hash) DO UPDATE SET
       count = CASE WHEN r.window_start = EXCLUDED.window_start THEN r.count + 1 ELSE 1 END,
       window_start = EXCLUDED.window_start
     RETURNING count, ceil(extract(epoch FROM r.window_start + interval '1 minute' - now()))::int AS "resetSeconds"`,
    [keyHash],
  );
  return rows[0]!;
}
