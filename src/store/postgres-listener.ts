import type pg from 'pg';

/**
 * LISTEN on a connection of its own that outlives a database restart. The connection is checked
 * out of the pool for good, so the pool's idle-client error handler does not cover it: without
 * its own handler, the "Connection terminated" of a server restart was an unhandled 'error' event
 * that killed the API process (found by the chaos run). On such an error the connection is
 * dropped and LISTEN is set up again on a new one, retrying every second up to every 10 s.
 * Notifications sent while it was down are lost: every user of `listen` also polls, so a lost one
 * costs latency only.
 */
export async function listenResiliently(
  pool: pg.Pool,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.PoolClient | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let delayMs = 1000;

  const connect = async (): Promise<void> => {
    const fresh = await pool.connect();
    fresh.on('error', (error) => {
      if (client !== fresh) return;
      client = null;
      fresh.release(error); // an error destroys the connection instead of returning it to the pool
      scheduleReconnect();
    });
    fresh.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
    });
    try {
      await fresh.query(`LISTEN ${channel}`);
    } catch (error) {
      fresh.release(error as Error);
      throw error;
    }
    if (closed) {
      fresh.release();
      return;
    }
    client = fresh;
    delayMs = 1000;
  };

  function scheduleReconnect() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().catch(() => {
        delayMs = Math.min(delayMs * 2, 10_000);
        scheduleReconnect();
      });
    }, delayMs);
    retryTimer.unref();
  }

  await connect(); // the first time, a failure is the caller's to see
  return async () => {
    closed = true;
    if (retryTimer) clearTimeout(retryTimer);
    const current = client;
    client = null;
    if (!current) return;
    await current.query(`UNLISTEN ${channel}`).catch(() => {});
    current.release();
  };
}
