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
  const boss = new PgBoss({
    db: db.boss,
    schema: db.bossSchema,
    backend: db.kind === 'pglite' ? 'pglite' : 'postgres',
    supervise: settings.supervise ?? true,
    superviseIntervalSeconds: settings.superviseIntervalSeconds ?? 5,
    monitorIntervalSeconds: 5,
    useListenNotify: true,
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  // pg-boss reports background errors (a dropped connection during maintenance) as events;
  // without a listener Node would treat them as unhandled.
  boss.on('error', (error) => {
    if (process.env.DOCJOBS_DEBUG) console.error('queue error:', error);
  });
  await boss.start();
  await boss.createQueue(runQueue, runQueueOptions(settings));
  return boss;
}
