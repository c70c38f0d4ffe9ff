import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from './db.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered, append-only: `0001_init.sql`, `0002_….sql`. A file once released is never edited. */
export function loadMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(new URL(file, migrationsDir), 'utf8'),
    }));
}

/**
 * Apply what is missing, each migration in its own transaction. On a server an advisory lock
 * keeps two processes starting together from applying the same migration twice.
 */
export async function runMigrations(db: Database): Promise<number[]> {
  // Most starts find every migration applied: one read says so, where a locked transaction per
  // migration took ~0.2 s of a restart on PGlite. A migration not yet seen here is applied as
  // before, under the lock, and checked again there (another process may be applying it now).
  let seen = await appliedVersions(db);
  if (seen === null) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`docjobs.migrate.${db.schema}`]);
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    });
    seen = new Set();
  }
  const applied: number[] = [];
  for (const migration of loadMigrations()) {
    if (seen.has(migration.version)) continue;
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`docjobs.migrate.${db.schema}`]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    });
  }
  return applied;
}

/** The versions applied so far, or null before the first migration (no schema_migrations yet). */
async function appliedVersions(db: Database): Promise<Set<number> | null> {
  try {
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    return new Set(rows.map((row) => row.version));
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null; // undefined_table
    throw error;
  }
}

/**
 * Split a migration into statements at a `;` that ends a line, except inside a `$$ … $$` body
 * (function definitions). Both drivers then run one statement per call, parameterless.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line)) continue;
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.join('\n').replace(/;\s*$/, '').trim());
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) statements.push(rest);
  return statements.filter(Boolean);
}
