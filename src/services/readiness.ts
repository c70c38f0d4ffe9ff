import { pingDatabase } from '../store/ping-database.ts';
import type { Context } from './context.ts';

export interface Readiness {
  /** The database answered a statement just now, and nothing else is wrong (`faults`). */
  ready: boolean;
  database: Context['db']['kind'];
  /** What makes the process unfit though its database answers (see ProcessHealth). */
  faults: string[];
}

/** What GET /readyz reports: whether this process's database answers and it is fit for work. */
export async function readiness(ctx: Context): Promise<Readiness> {
  const faults = ctx.health?.faults() ?? [];
  try {
    await pingDatabase(ctx.db);
    return { ready: faults.length === 0, database: ctx.db.kind, faults };
  } catch {
    return { ready: false, database: ctx.db.kind, faults };
  }
}
