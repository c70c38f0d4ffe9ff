import assert from 'node:assert/strict';
import { createConnection, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { openDatabase } from './open-database.ts';
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

describe('a process starting while PostgreSQL is not up yet', { skip: !url && 'needs DATABASE_URL' }, () => {
  it('waits for the server instead of failing at once', async () => {
    // A port nobody listens on for the first second, then a plain TCP relay to the real server.
    const target = new URL(url!);
    const relay = createServer((socket) => {
      const upstream = createConnection(Number(target.port || 5432), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as { port: number };
    await new Promise<void>((resolve) => relay.close(() => resolve()));
    setTimeout(() => relay.listen(port, '127.0.0.1'), 1000);

    const relayed = new URL(url!);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(port);
    const schema = `t_late_start_${process.pid}`;
    const db = await openPostgres({ url: relayed.toString(), schema, poolSize: 2 });
    try {
      assert.equal((await db.query<{ x: number }>('SELECT 1 AS x'))[0]!.x, 1);
    } finally {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
      relay.close();
    }
  });
});

describe('a DATABASE_URL that cannot be opened', { skip: !url && 'needs DATABASE_URL' }, () => {
  it('is named in the error, without its password, with what to check', async () => {
    const target = new URL(url!);
    target.password = 'the-secret';
    target.pathname = '/docjobs_no_such_database';
    await assert.rejects(
      openDatabase({ dataDir: '', databaseUrl: target.toString(), databaseSchema: 'docjobs' }),
      (error: Error) => {
        assert.match(
          error.message,
          /^cannot open the database DATABASE_URL=postgres(ql)?:\/\/\S*:\*\*\*@\S+\/docjobs_no_such_database: database "docjobs_no_such_database" does not exist \(create it/,
        );
        assert.doesNotMatch(error.message, /the-secret/);
        return true;
      },
    );
  });
});
