import pg from 'pg';
import { assertIdentifier, type Database } from './db.ts';
import { listenResiliently } from './postgres-listener.ts';

export interface PostgresOptions {
  url: string;
  schema?: string;
  bossSchema?: string;
  poolSize?: number;
}

/** A PostgreSQL server through a `pg` pool; the pool is shared with pg-boss. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const schema = assertIdentifier(options.schema ?? 'docjobs');
  const bossSchema = assertIdentifier(options.bossSchema ?? `${schema}_queue`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    options: `-c search_path=${schema},public`,
  });
  // An idle client that loses its server (a restart) emits here; without a listener it crashes the process.
  pool.on('error', () => {});
  // Under a lock: processes starting together on an empty database would otherwise race on
  // IF NOT EXISTS and one of them die of a duplicate key in pg_namespace.
  await whenReachable(() =>
    inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`docjobs.schema.${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }),
  );

  const listeners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    schema,
    bossSchema,
    boss: { executeSql: (text, values) => pool.query(text, values) },
    async query<Row>(text: string, values?: readonly unknown[]) {
      return (await pool.query(text, values ? [...values] : undefined)).rows as Row[];
    },
    transaction: (work) =>
      inTransaction(pool, (client) => {
        const query = async <Row>(text: string, values?: readonly unknown[]) =>
          (await client.query(text, values ? [...values] : undefined)).rows as Row[];
        return work({ query, boss: { executeSql: (text, values) => client.query(text, values) } });
      }),
    async listen(channel, onPayload) {
      const unlisten = await listenResiliently(pool, assertIdentifier(channel), onPayload);
      const unsubscribe = async () => {
        listeners.delete(unsubscribe);
        await unlisten();
      };
      listeners.add(unsubscribe);
      return unsubscribe;
    },
    async close() {
      await Promise.all([...listeners].map((unsubscribe) => unsubscribe()));
      await pool.end();
    },
  };
}

/**
 * BEGIN … COMMIT on a connection checked out of the pool. A checked-out connection has no error
 * listener of the pool's: one that loses its server mid-transaction (a restart) would emit an
 * unhandled 'error' and end the process, so it gets its own, and is destroyed rather than reused.
 */
async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (!lost) await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}

/**
 * Refused connections, a server still starting or recovering, and one going down under us (57P01
 * admin shutdown, 57P02 crash shutdown, or the socket closed mid-handshake, which pg reports with
 * no code): worth waiting for at start.
 */
const notReadyYet = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03']);
const droppedMidStart = /^Connection terminated unexpectedly/;
const startWaitMs = 30_000;

/**
 * A process that starts while its database restarts (a worker restarted by its supervisor at that
 * moment, a compose stack coming up) waits for it up to 30 s instead of exiting at once.
 */
async function whenReachable<T>(first: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + startWaitMs;
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 2000)) {
    try {
      return await first();
    } catch (error) {
      if (!isServerGone(error) || Date.now() + delayMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/**
 * A PostgreSQL server that is not there for now (refused, starting, recovering, or gone down
 * under us), looked for through the error's causes: a start that meets one is worth trying again.
 */
export function isServerGone(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const { code = '', message = '' } = cause as { code?: string; message?: string };
    if (notReadyYet.has(code) || droppedMidStart.test(message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
