import type { Server } from 'node:net';
import { databaseWentAway, startDocjobs } from '../app.ts';
import type { Config } from '../core/config.ts';

/** A signal repeated within this of the first is the same stop, not "now". */
const repeatWindowMs = 1000;

/** `docjobs serve [--no-worker]` and `docjobs worker`: run until SIGINT/SIGTERM, then shut down in order. */
export async function serveCommand(
  config: Config,
  options: { http: boolean; worker: boolean },
): Promise<void> {
  // Loaded while the database opens (startDocjobs loads the rest so): the key bootstrap and the
  // admin socket need nothing before it is open.
  const tools = Promise.all([
    import('../services/bootstrap-keys.ts'),
    import('./admin-socket.ts'),
    import('./purge-command.ts'),
  ]);
  tools.catch(() => {}); // awaited below, once the database opened
  // The worker side starts once the API listens (below): a restart answers /readyz sooner.
  const [docjobs, generated] = await whileServerGone(config, async () => {
    const started = await startDocjobs(config, {
      ...options,
      logger: options.http,
      deferWorker: options.http,
    });
    try {
      const [{ bootstrapKeys }] = await tools;
      return [started, await bootstrapKeys(started.ctx.db, config)] as const;
    } catch (error) {
      await started.close().catch(() => {});
      throw error;
    }
  });
  const [, { listenAdminSocket }, { purgeAdminHandlers }] = await tools;
  const { db } = docjobs.ctx;
  if (generated) {
    console.log(
      `\nAn API key for the organisation "default" (shown once; also in ${config.dataDir}/api-key):\n\n  ${generated}\n`,
    );
  }
  let admin: Server | null = null;
  if (db.kind === 'pglite') {
    const handlers = purgeAdminHandlers(docjobs.ctx);
    admin = await listenAdminSocket(config.dataDir, docjobs.ctx, handlers).catch(() => null);
  }
  if (docjobs.app) {
    const address = await docjobs.app
      .listen({ port: config.port, host: config.host })
      .catch(async (error) => {
        // A port in use: the worker, queue and database would keep the process (and DATA_DIR) held.
        admin?.close();
        await docjobs.close();
        throw error;
      });
    console.log(
      `docjobs listening on ${address} (database: ${db.kind}, worker: ${options.worker ? 'on' : 'off'})`,
    );
    console.log(`  API docs: ${address}/docs`);
  } else {
    console.log(`docjobs worker running (database: ${db.kind}, concurrency ${config.workerConcurrency})`);
  }
  // The first SIGINT/SIGTERM shuts down in order. A second one means "now": running jobs are
  // picked up again after their heartbeat lapses, as after a crash. Not one within a second of
  // the first: systemd signals every process of the service, so this one hears the same SIGTERM
  // from it and through the launcher (bin/docjobs.js) at once. The listeners stay for the whole
  // shutdown: with none, a signal would kill the process outright.
  let firstSignalAt: number | null = null;
  // A worker side that cannot start is fatal, as it was when it started before the API listened:
  // reported, then the same orderly stop.
  let startError: unknown = null;
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      if (firstSignalAt === null) {
        firstSignalAt = Date.now();
        resolve();
      } else if (Date.now() - firstSignalAt >= repeatWindowMs) process.exit(1);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // Only now, the listeners in place: loading the worker's modules holds the thread for a while
    // (Node loads an import()'s modules synchronously), and a signal must not find none.
    docjobs.startWorkerSide().catch((error: unknown) => {
      startError = error;
      resolve();
    });
  });
  if (startError !== null) {
    console.error('docjobs: the worker could not start; stopping');
    admin?.close();
    await docjobs.close();
    throw startError;
  }
  console.log(
    `docjobs: shutting down (running jobs get ${config.shutdownGraceSeconds} s, then go back to the queue)`,
  );
  admin?.close();
  await docjobs.close();
  console.log('docjobs: stopped');
}

const serverGoneWaitMs = 30_000;

/**
 * `start` again while a PostgreSQL server goes down under it: a worker that its supervisor
 * restarts just as the database restarts waits for it (up to 30 s, as for a refused connection at
 * open) instead of exiting 1 at its first statement after the open (the chaos run saw both).
 */
async function whileServerGone<T>(config: Config, start: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + serverGoneWaitMs;
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 2000)) {
    try {
      return await start();
    } catch (error) {
      if (Date.now() + delayMs > deadline || !(await databaseWentAway(config, error))) throw error;
      console.error(
        `docjobs: the database went away while starting (${(error as Error).message}); trying again`,
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
