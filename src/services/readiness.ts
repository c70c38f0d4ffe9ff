import { pingDatabase } from '../store/ping-database.ts';
import type { Context } from './context.ts';

export interface Readiness {
  /** The database answered a statement just now. */
  ready: boolean;
  database: Context['db']['kind'];
}

/** What GET /readyz reports: whether this process's database answers. */
export async function readiness(ctx: Context): Promise<Readiness> {
  try {
    await pingDatabase(ctx.db);
    return { ready: true, database: ctx.db.kind };
  } catch {
    return { ready: false, database: ctx.db.kind };
  }
}
