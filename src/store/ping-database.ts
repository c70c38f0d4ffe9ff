import type { Sql } from './db.ts';

/** The cheapest statement there is: resolves when the database answers, rejects when it does not. */
export async function pingDatabase(sql: Sql): Promise<void> {
  await sql.query('SELECT 1');
}
