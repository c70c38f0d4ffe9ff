import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
// pg-boss's PGlite adapter alone: its index (~130 modules) would load before PGlite began to open.
import { fromPglite } from 'pg-boss/dist/adapters/pglite.js';
import { assertIdentifier, type Database, type Tx } from './db.ts';
import { acquireDirectoryLock } from './directory-lock.ts';
import { openOrCreatePglite, pgliteTemplatePath } from './pglite-template.ts';
import { scheduleUpkeep, upkeepGrownTables } from './pglite-upkeep.ts';

export interface PgliteOptions {
  dataDir: string;
  schema?: string;
  bossSchema?: string;
  /** The initdb template for a new directory (default: pgliteTemplatePath in `templateDir`). */
  template?: string;
  /** PGLITE_TEMPLATE_DIR; null: `.docjobs-cache` beside the data directory. */
  templateDir?: string | null;
}

/**
 * Embedded PostgreSQL. One connection for everything: PGlite serialises statements and holds
 * other queries back while a transaction runs, which is what keeps pg-boss's statements out
 * of ours. A pid lockfile keeps a second process off the directory (PGlite itself does not).
 */
export async function openPglite(options: PgliteOptions): Promise<Database> {
  const schema = assertIdentifier(options.schema ?? 'docjobs');
  const bossSchema = assertIdentifier(options.bossSchema ?? `${schema}_queue`);
  mkdirSync(options.dataDir, { recursive: true });
  const releaseLock = acquireDirectoryLock(options.dataDir);
  let pglite: PGlite;
  try {
    const pgDir = join(options.dataDir, 'pg');
    pglite = await openOrCreatePglite(
      pgDir,
      options.template ?? pgliteTemplatePath(options.dataDir, options.templateDir),
    );
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}, public;`);
  } catch (error) {
    releaseLock();
    throw error;
  }
  const sql = async <Row>(text: string, values?: readonly unknown[]) =>
    (await pglite.query<Row>(text, values ? [...values] : undefined)).rows;
  const stopUpkeep = scheduleUpkeep(() => upkeepGrownTables({ query: sql }, [schema, bossSchema]));

  return {
    kind: 'pglite',
    schema,
    bossSchema,
    boss: fromPglite(pglite),
    query: sql,
    async transaction(work) {
      return pglite.transaction(async (t) => {
        const query = async <Row>(text: string, values?: readonly unknown[]) =>
          (await t.query<Row>(text, values ? [...values] : undefined)).rows;
        const tx: Tx = {
          query,
          boss: {
            executeSql: async (text, values) => ({ rows: await query(text, values) }),
          },
        };
        return work(tx);
      });
    },
    async listen(channel, onPayload) {
      const unsubscribe = await pglite.listen(assertIdentifier(channel), onPayload);
      return async () => unsubscribe();
    },
    async close() {
      try {
        await stopUpkeep();
        await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}
