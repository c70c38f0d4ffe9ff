import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { listenResiliently } from './postgres-listener.ts';

const url = process.env.DATABASE_URL;

describe('LISTEN on PostgreSQL when the server drops the connection', {
  skip: !url && 'needs DATABASE_URL',
}, () => {
  it('survives the loss and listens again on a new connection', async () => {
    const channel = `listener_test_${process.pid}`;
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on('error', () => {});
    const payloads: string[] = [];
    const unlisten = await listenResiliently(pool, channel, (payload) => payloads.push(payload));
    try {
      const notify = (payload: string) => pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
      const arrived = async (payload: string, tenths = 100) => {
        for (let i = 0; i < tenths && !payloads.includes(payload); i++)
          await new Promise((r) => setTimeout(r, 100));
        return payloads.includes(payload);
      };
      await notify('before');
      assert.ok(await arrived('before'));

      // What a server restart does to this connection (and, before the fix, to the process).
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE query = $1 AND pid <> pg_backend_pid()`,
        [`LISTEN ${channel}`],
      );
      assert.equal(rows[0]!.n, 1);

      // Re-established within the first retry (1 s); notify until one gets through.
      let through = false;
      for (let i = 0; i < 30 && !through; i++) {
        await notify(`after ${i}`);
        through = await arrived(`after ${i}`, 5);
      }
      assert.ok(through, 'no notification arrived after the connection was dropped');
    } finally {
      await unlisten();
      await pool.end();
    }
  });
});
