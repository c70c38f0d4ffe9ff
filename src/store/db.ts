import type { Db as IDatabase } from 'pg-boss';

/**
 * One port over embedded PGlite and a PostgreSQL server (pg-boss's adapters/pglite.ts
 * is the model): a structural type for "something that runs SQL", a transaction helper,
 * and the same handle offered to pg-boss so a job row and its queue message commit together.
 */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/** A transaction: our SQL, plus a pg-boss adapter bound to the same connection. */
export interface Tx extends Sql {
  readonly boss: IDatabase;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** The application schema (tables are unqualified; search_path points here). */
  readonly schema: string;
  /** pg-boss's own schema on the same database. */
  readonly bossSchema: string;
  /** What pg-boss runs its statements through: the same connection(s) as ours. */
  readonly boss: IDatabase;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const identifierPattern = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string): string {
  if (!identifierPattern.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return name;
}
