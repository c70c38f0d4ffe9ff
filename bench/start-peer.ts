/**
 * The peers of bench/start.ts, each a child process holding only what docjobs cannot do without:
 *   node bench/start-peer.ts pglite DIR          PGlite opened (or created) on DIR; prints "ready"
 *   node bench/start-peer.ts fastify-pglite DIR  the same plus Fastify answering GET /readyz with a
 *                                                SELECT 1; prints "listening on URL"
 *   node bench/start-peer.ts fastify-pg URL      Fastify + a pg pool on the server at URL, the same route
 * Runs until SIGTERM.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import pg from 'pg';

const [kind, target] = process.argv.slice(2);
if (!kind || !target) throw new Error('usage: start-peer.ts pglite|fastify-pglite|fastify-pg DIR|URL');

let ping: () => Promise<unknown>;
let close: () => Promise<void>;
if (kind === 'fastify-pg') {
  const pool = new pg.Pool({ connectionString: target, max: 10 });
  ping = () => pool.query('SELECT 1');
  close = () => pool.end();
} else {
  mkdirSync(dirname(target), { recursive: true });
  const db = await PGlite.create(target);
  ping = () => db.query('SELECT 1');
  await ping(); // as docjobs does before it is ready: the first statement touches more of the heap
  close = () => db.close();
}

process.once('SIGTERM', () => {
  close().then(() => process.exit(0));
});
if (kind === 'pglite') {
  setInterval(() => {}, 1 << 30); // PGlite holds no handle: without one the process would just end
  console.log('ready');
} else {
  const app = Fastify();
  app.get('/readyz', async () => {
    await ping();
    return { ready: true };
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(`peer listening on ${address}`);
  close = ((closeDb) => async () => {
    await app.close();
    await closeDb();
  })(close);
}
