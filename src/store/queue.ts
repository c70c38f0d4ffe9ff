import { PgBoss } from 'pg-boss';
import type { Database } from './db.ts';

export const runQueue = 'docjobs-run';

export interface RunMessage {
  jobId: string;
  /**
   * Set on the message of a job handed back at shutdown (handBackJob): the attempts and the retries
   * its earlier messages used. Attempts go on counting from there (they guard the row against an
   * older run's late writes); retries too, so that the hand-back itself costs none.
   */
  attempts?: number;
  retries?: number;
}

/** A delivery's attempt number and the retries used so far, from the message and pg-boss's count. */
export function attemptsSoFar(message: RunMessage, retryCount: number): { attempt: number; retries: number } {
  return { attempt: (message.attempts ?? 0) + retryCount, retries: (message.retries ?? 0) + retryCount };
}

export interface QueueSettings {
  maxRetries: number;
  /** First retry delay in seconds; doubled each attempt with jitter by pg-boss. */
  retryDelaySeconds?: number;
  /**
   * A worker that stops sending heartbeats for this long loses its job to another worker.
   * pg-boss's minimum is 10 s; with supervision every 5 s a SIGKILLed worker's job is back
   * in the queue within ~15 s and picked up within the next poll.
   */
  heartbeatSeconds?: number;
  superviseIntervalSeconds?: number;
  /** Off for processes that only submit (API-only, CLI): they must not run maintenance twice as often. */
  supervise?: boolean;
}

export type Queue = PgBoss;

/** The run queue's settings; the benches give raw pg-boss the same ones, so they compare like with like. */
export function runQueueOptions(settings: QueueSettings) {
  return {
    retryLimit: settings.maxRetries,
    retryDelay: settings.retryDelaySeconds ?? 2,
    retryBackoff: true,
    retryDelayMax: 300,
    heartbeatSeconds: settings.heartbeatSeconds ?? 10,
    expireInSeconds: 3600,
    deleteAfterSeconds: 86400,
    notify: true,
  };
}

/** pg-boss on our own database handle: its statements share our connection(s) and transactions. */
export async function startQueue(db: Database, settings: QueueSettings): Promise<PgBoss> {
  const boss = newBoss(db, {
    supervise: settings.supervise ?? true,
    superviseIntervalSeconds: settings.superviseIntervalSeconds ?? 5,
    monitorIntervalSeconds: 5,
    // The cron monitor runs on the worker side's own instance (startScheduler): an API needs none,
    // and its start (a queue of its own, the clock skew, the first cron pass) took ~0.15 s of a
    // restart's time to /readyz on PGlite, where every statement waits its turn.
    schedule: false,
  });
  await boss.start();
  await ensureQueue(boss, runQueue, runQueueOptions(settings));
  return boss;
}

/**
 * createQueue when the queue is not there yet. pg-boss's create_queue leaves an existing queue as
 * it is anyway (ON CONFLICT DO NOTHING); a read says so without its locked transaction, whose first
 * run in a process compiled the function: ~0.13 s of a PGlite restart.
 */
export async function ensureQueue(
  boss: PgBoss,
  name: string,
  options: Parameters<PgBoss['createQueue']>[1],
): Promise<void> {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
}

/**
 * pg-boss's cron monitor alone, for the worker side's schedules (engine/purge-schedule.ts): it sends
 * a schedule's job at each occurrence, once however many processes run it. No maintenance (the
 * queue's own instance does it) and no migrations (the queue's instance ran them).
 */
export async function startScheduler(db: Database): Promise<PgBoss> {
  const boss = newBoss(db, { supervise: false, migrate: false, schedule: true });
  await boss.start();
  return boss;
}

function newBoss(db: Database, options: ConstructorParameters<typeof PgBoss>[0] & object): PgBoss {
  const boss = new PgBoss({
    db: db.boss,
    schema: db.bossSchema,
    backend: db.kind === 'pglite' ? 'pglite' : 'postgres',
    useListenNotify: true,
    registerInstance: false,
    openTelemetry: { enabled: false },
    ...options,
  });
  // pg-boss reports background errors (a dropped connection during maintenance) as events;
  // without a listener Node would treat them as unhandled.
  boss.on('error', (error) => {
    if (process.env.DOCJOBS_DEBUG) console.error('queue error:', error);
  });
  return boss;
}
