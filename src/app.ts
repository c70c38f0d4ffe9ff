import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Config } from './core/config.ts';
import type { PurgeSchedule } from './engine/purge-schedule.ts';
import type { WebhookDispatcher } from './engine/webhooks/dispatcher.ts';
import type { Worker } from './engine/worker.ts';
import type { Context } from './services/context.ts';
import { type OpenOptions, openDatabase } from './store/open-database.ts';

export interface Docjobs {
  ctx: Context;
  app: FastifyInstance | null;
  /** The in-process worker: null when this process runs none, or while it is still starting. */
  readonly worker: Worker | null;
  /**
   * Start the worker side (the worker, the purge schedule, the webhook dispatcher) if it is not yet
   * running; the same promise every call. Called by startDocjobs itself unless `deferWorker`.
   */
  startWorkerSide(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions extends OpenOptions {
  http?: boolean;
  worker?: boolean;
  logger?: boolean;
  /**
   * Leave the worker side for the caller to start (`serve` does once it listens): /readyz means
   * "can take jobs", which needs the database and the queue, not a running worker. A job submitted
   * before it runs waits in the queue. That took ~0.2 s (the purge schedule, the dispatcher's queue)
   * off a restart's time to /readyz on a quiet machine.
   */
  deferWorker?: boolean;
}

/**
 * Open the database (PGlite or server), the blob store and the queue, then the HTTP app and/or the
 * worker. `close()` undoes it in reverse: stop taking jobs, stop HTTP, stop the queue, close the database.
 */
export async function startDocjobs(config: Config, options: StartOptions = {}): Promise<Docjobs> {
  // The database first: PGlite then reads its files and compiles its WASM (on other threads) while
  // the modules load, which holds this thread (Node loads an import()'s modules synchronously).
  const opening = openDatabase(config, options);
  opening.catch(() => {}); // awaited below
  const parts = loadParts(options);
  parts.catch(() => {}); // awaited below; a database that fails to open is the error to report
  const db = await opening;
  try {
    const { worker: loadWorker, buildApp, ...loaded } = await parts;
    const blobs = loaded.openBlobStore(config);
    // Before any work: the wrong blob store (another DATA_DIR, no shared BLOB_URL) stops the start.
    await loaded.checkBlobStoreIdentity({ config, db, blobs });
    const queue = await loaded.startQueue(db, {
      maxRetries: config.maxRetries,
      supervise: options.worker !== false,
    });
    const events = await loaded.JobEvents.start(db);
    const ctx: Context = {
      config,
      db,
      blobs,
      queue,
      events,
      health: new loaded.ProcessHealth(),
    };
    const app = buildApp === null ? null : await buildApp(ctx, { logger: options.logger });
    // Parsing and thumbnails run in threads: no more than WORKER_CONCURRENCY, nor than the cores.
    // Started by the first document, not here: two warm pdfjs threads held ~90 MB of an idle
    // server's RSS (518 → 427 MB) for ~0.4 s saved once, on the first PDF. Sized before the worker
    // starts: it takes a queued job at once, and a pool made before this keeps its default size
    // (two pdfjs threads where WORKER_CONCURRENCY=1 asked for one; each costs ~0.4 CPU-s to load).
    loaded.configurePdfPool({
      size: Math.max(1, Math.min(config.workerConcurrency, availableParallelism())),
    });
    configureOcrPoolOnce(loaded, config.ocrWorkers, config.ocrIdleReleaseSeconds * 1000);
    const side = workerSide(ctx, loadWorker);
    if (!options.deferWorker) {
      try {
        await side.start();
      } catch (error) {
        await side.stop(0);
        await app?.close();
        await queue.stop({ graceful: false, close: false, timeout: 5000 }).catch(() => {});
        await events.close();
        throw error;
      }
    }
    return {
      ctx,
      app,
      get worker() {
        return side.worker();
      },
      startWorkerSide: side.start,
      async close() {
        // Side by side: the worker stops taking jobs and gives running ones the grace period (then
        // hands them back to the queue), while HTTP stops accepting and answers what it has; long
        // polls and event streams end at once. Both still need the database, closed last.
        await Promise.all([side.stop(config.shutdownGraceSeconds * 1000), app?.close()]);
        await queue.stop({ graceful: false, close: false, timeout: 5000 }).catch(() => {});
        await loaded.closeThreadPools();
        await events.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Every module a start needs beyond the database's, loaded while the database opens rather than
 * before: they are ~800 modules (1 s to load on a quiet machine, 4-7 s on a busy one), and PGlite's
 * open spends part of its time waiting for V8 to compile its WASM on background threads. Imported
 * statically here, pg-boss alone (~130 modules) and the thread pools' modules loaded before PGlite
 * began to open. A process loads only the side it runs: `worker` no Fastify, `serve --no-worker`
 * no job runner; with `deferWorker` the worker's ~250 modules of its own load when it starts,
 * after the API listens.
 */
async function loadParts(options: StartOptions) {
  const worker = options.worker !== false ? loadWorkerParts() : null;
  const workerNow = options.deferWorker ? null : worker?.();
  // In turns, the event loop free between them, so that PGlite's open goes on meanwhile.
  const blobs = await inTurn(() => import('./blobs/open-blob-store.ts'));
  const queue = await inTurn(() => import('./store/queue.ts'));
  const services = await inTurn(() =>
    Promise.all([
      import('./services/blob-store-identity.ts'),
      import('./services/job-events.ts'),
      import('./services/process-health.ts'),
    ]),
  );
  const pools = await inTurn(loadThreadPools);
  const http = options.http !== false ? await inTurn(() => import('./http/build-app.ts')) : null;
  const [identity, events, health] = services;
  const workerParts = await workerNow;
  return {
    worker: workerParts ? async () => workerParts : worker,
    buildApp: http?.buildApp ?? null,
    openBlobStore: blobs.openBlobStore,
    checkBlobStoreIdentity: identity.checkBlobStoreIdentity,
    startQueue: queue.startQueue,
    JobEvents: events.JobEvents,
    ProcessHealth: health.ProcessHealth,
    ...pools,
  };
}

/** `load` once the event loop has had a turn (PGlite's open, or requests, go on in between). */
async function inTurn<T>(load: () => Promise<T>): Promise<T> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return load();
}

/** The thread pools' settings and their common stop; none starts a thread here. */
async function loadThreadPools() {
  const [ocr, paddle, parse, pdf] = await Promise.all([
    import('./pipeline/ocr/ocr-pool.ts'),
    import('./pipeline/ocr/paddle/paddle-pool.ts'),
    import('./pipeline/parse-document.ts'),
    import('./pipeline/pdf/pdf-pool.ts'),
  ]);
  return {
    configureOcrPool: ocr.configureOcrPool,
    configurePaddlePool: paddle.configurePaddlePool,
    closeThreadPools: parse.closeThreadPools,
    configurePdfPool: pdf.configurePdfPool,
  };
}

function loadWorkerParts() {
  let loading: Promise<WorkerParts> | null = null;
  const load = async (): Promise<WorkerParts> => {
    // In turns: after the API listens, requests are answered between them (~160 modules).
    await inTurn(() => import('./engine/run-job.ts'));
    const runner = await inTurn(() => import('./engine/worker.ts'));
    const purge = await inTurn(() => import('./engine/purge-schedule.ts'));
    const webhooks = await inTurn(() => import('./engine/webhooks/dispatcher.ts'));
    return {
      startWorker: runner.startWorker,
      startPurgeSchedule: purge.startPurgeSchedule,
      startWebhookDispatcher: webhooks.startWebhookDispatcher,
    };
  };
  return () => {
    loading ??= load();
    return loading;
  };
}

type ThreadPools = Awaited<ReturnType<typeof loadThreadPools>>;

interface WorkerParts {
  startWorker: typeof import('./engine/worker.ts').startWorker;
  startPurgeSchedule: typeof import('./engine/purge-schedule.ts').startPurgeSchedule;
  startWebhookDispatcher: typeof import('./engine/webhooks/dispatcher.ts').startWebhookDispatcher;
}

/**
 * The worker, the purge schedule and the webhook dispatcher, started in that order and stopped
 * in that order. A stop that comes while they start (a SIGTERM during a restart) waits for the
 * part starting now, starts no other, and stops what did start.
 */
function workerSide(ctx: Context, load: (() => Promise<WorkerParts>) | null) {
  let worker: Worker | null = null;
  let purge: PurgeSchedule | null = null;
  let webhooks: WebhookDispatcher | null = null;
  let stopping = false;
  let starting: Promise<void> | null = null;
  const run = async () => {
    if (!load || stopping) return;
    const parts = await load();
    if (!stopping) {
      worker = await parts.startWorker(ctx, {
        concurrency: ctx.config.workerConcurrency,
        batchSize: ctx.config.workerBatchSize,
      });
    }
    if (!stopping) purge = await parts.startPurgeSchedule(ctx);
    // Webhook relay and sender: worker side (an API-only process only writes the outbox).
    if (!stopping) webhooks = await parts.startWebhookDispatcher(ctx);
  };
  return {
    worker: () => worker,
    start(): Promise<void> {
      starting ??= run();
      return starting;
    },
    async stop(graceMs: number): Promise<void> {
      stopping = true;
      await starting?.catch(() => {}); // its error was the caller's to report
      await worker?.stop({ graceMs });
      await purge?.stop();
      await webhooks?.stop();
    },
  };
}

/** Whether a start failed because its PostgreSQL server went away (refused, restarting, dropped). */
export async function databaseWentAway(config: Config, error: unknown): Promise<boolean> {
  if (!config.databaseUrl) return false;
  // Loaded only here: an embedded server never loads the PostgreSQL driver.
  const { isServerGone } = await import('./store/postgres-database.ts');
  return isServerGone(error);
}

/**
 * The OCR pool is per process and made lazily (each engine holds ~150 MB, so none is started
 * before a scan arrives). A second instance in the same process (tests) shares the running pool.
 */
function configureOcrPoolOnce(
  pools: Pick<ThreadPools, 'configureOcrPool' | 'configurePaddlePool'>,
  size: number,
  idleReleaseMs: number,
): void {
  // Both engines' lanes: OCR_WORKERS bounds each (a page holds one lane at a time).
  const options = { size, idleReleaseMs };
  for (const configure of [() => pools.configureOcrPool(options), () => pools.configurePaddlePool(options)]) {
    try {
      configure();
    } catch {
      // In use by another instance of this process: it keeps the size it was given.
    }
  }
}
