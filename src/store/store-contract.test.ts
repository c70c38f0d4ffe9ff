import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import type { Database } from './db.ts';
import { openDatabase } from './open-database.ts';
import { runStoreContract } from './store.contract.ts';

const url = process.env.DATABASE_URL;

/** The database with make's cleanup in its close() (both adapters' methods are closures, not `this`). */
const withClose = (db: Database, close: () => Promise<void>): Database => ({ ...db, close });

/**
 * PGlite: a directory per label. Creating and migrating one took 7–11 s on this 2-core machine
 * (23–33 s while others ran tests); opening a copy of a migrated, never used one takes ~2 s. So the
 * first call migrates a template with openDatabase and every label opens a copy of it, which
 * openDatabase migrates again (finding nothing to do).
 */
let template: string | undefined;
const scratch: string[] = [];
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

runStoreContract({
  name: 'PGlite',
  async make() {
    if (!template) {
      template = mkdtempSync(join(tmpdir(), 'docjobs-store-template-'));
      scratch.push(template);
      await (await openDatabase({ dataDir: template, databaseUrl: '', databaseSchema: 'docjobs' })).close();
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-store-'));
    cpSync(join(template, 'pg'), join(dataDir, 'pg'), { recursive: true });
    const db = await openDatabase({ dataDir, databaseUrl: '', databaseSchema: 'docjobs' });
    return withClose(db, async () => {
      try {
        await db.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  },
});

/** PostgreSQL: a schema per label named from a hash of it (pg-boss's test/hooks.ts), dropped before and after. */
async function dropSchemas(sql: Pick<Database, 'query'>, schema: string) {
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
}

if (url) {
  runStoreContract({
    name: 'PostgreSQL',
    async make(label) {
      const schema = `t_${createHash('sha1').update(`store-contract:${label}:${process.pid}`).digest('hex').slice(0, 12)}`;
      // A leftover of an interrupted run would otherwise be found already migrated, rows and all.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await dropSchemas({ query: async (text) => (await client.query(text)).rows }, schema).finally(() =>
        client.end(),
      );
      const db = await openDatabase({ dataDir: '', databaseUrl: url, databaseSchema: schema });
      return withClose(db, async () => {
        try {
          await dropSchemas(db, schema);
        } finally {
          await db.close();
        }
      });
    },
  });
} else {
  describe('Store contract: PostgreSQL', () => {
    it('runs on a PostgreSQL server', {
      skip: 'needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)',
    });
  });
}
