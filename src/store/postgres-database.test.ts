import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPostgres } from './postgres-database.ts';

const url = process.env.DATABASE_URL;

describe('a PostgreSQL transaction whose server connection dies', {
  skip: !url && 'needs DATABASE_URL',
}, () => {
  it('fails that transaction only; the process and the next transaction carry on', async () => {
    const schema = `t_conn_loss_${process.pid}`;
    const db = await openPostgres({ url: url!, schema, poolSize: 3 });
    try {
      const doomed = db.transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // What a server restart does to a connection in the middle of a transaction.
        await db.query('SELECT pg_terminate_backend($1)', [row!.pid]);
        await tx.query('SELECT 1');
      });
      await assert.rejects(doomed, /terminat|connection error/i);
      const value = await db.transaction(
        async (tx) => (await tx.query<{ x: number }>('SELECT 41 + 1 AS x'))[0]!.x,
      );
      assert.equal(value, 42);
    } finally {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    }
  });
});
