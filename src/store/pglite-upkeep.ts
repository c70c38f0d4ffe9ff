import type { Sql } from './db.ts';

/**
 * What autovacuum does on a server, for PGlite, which has none: a table that has grown since its
 * last VACUUM (ANALYZE) gets one. Without it the planner never has statistics (a search of 10,000
 * chunks sorted every row by distance instead of walking the HNSW index: 64 ms instead of 2.6 ms)
 * and rows that jobs leave behind as they move are never reclaimed.
 *
 * "Grown": more pages on disk than pg_class recorded at the last VACUUM/ANALYZE (which set
 * relpages), by 10 % and a page. A table never analysed has relpages 0, so it qualifies from its
 * first page: a small table matters too (100 jobs without statistics were planned as 2, and the
 * search walked every job's chunks instead of the index). The check is one catalog query; the
 * counters of pg_stat_user_tables are not used, as PGlite does not keep them current.
 */
export async function upkeepGrownTables(sql: Sql, schemas: readonly string[]): Promise<string[]> {
  const grown = await sql.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'r'
       AND pg_relation_size(c.oid) / current_setting('block_size')::int >= greatest(c.relpages, 0) * 1.1 + 1`,
    [schemas],
  );
  // One at a time: PGlite runs one statement at a time anyway, and others wait between them.
  for (const { name } of grown) await sql.query(`VACUUM (ANALYZE) ${name}`);
  return grown.map((table) => table.name);
}

/** Runs the upkeep every `everyMs` (unref'd: it never keeps a process alive), one run at a time. */
export function scheduleUpkeep(run: () => Promise<unknown>, everyMs = 30_000): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = run()
      .catch(() => {}) // a closing database or a busy table: the next turn tries again
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
