import type { Job as QueueJob } from 'pg-boss';
import { webhookBody } from '../../core/webhook-payload.ts';
import { nextStep } from '../../core/webhook-retries.ts';
import { signatureHeaders } from '../../core/webhook-signing.ts';
import type { Context } from '../../services/context.ts';
import { ensureQueue } from '../../store/queue.ts';
import {
  type AttemptClaim,
  type AttemptRecord,
  type ClaimedAttempt,
  claimAttempts,
  recordAttempts,
} from '../../store/webhooks/attempts.ts';
import { lockOverdue, lockUnqueued, markQueued, webhookChannel } from '../../store/webhooks/deliveries.ts';
import { ensureWebhookSetting } from '../../store/webhooks/settings.ts';
import { GroupCommit } from '../group-commit.ts';
import { postWebhook } from '../../services/webhook-sender.ts';

export const webhookQueue = 'docjobs-webhook';

/** One queue message per attempt: which delivery, and which attempt it is to be. */
export interface WebhookMessage {
  deliveryId: string;
  attempt: number;
}

export interface WebhookDispatcher {
  stop(): Promise<void>;
}

/** Rows per relay transaction; a backlog is moved in several. */
const relayBatch = 500;
/** The relay's fallback poll, for a notification missed while its listener reconnected. */
const relayPollMs = 5_000;
/**
 * A pending row this far past its due time lost its message (its sender was killed mid-attempt);
 * the relay queues it again. Due messages start within ~1 s (the sender's poll), so 30 s is slack
 * enough; a second message is harmless anyway (the claim runs an attempt once). With the claim's
 * window below, a delivery cut off by a SIGKILL goes out again ~1 min later (it was 3 min with 120 s
 * here and 60 s there; the chaos run waited that long for it).
 */
const overdueMs = 30_000;

/**
 * Webhooks go out through the outbox in two steps, both on pg-boss:
 *
 * 1. The relay. The status change and its webhook_deliveries row commit together (the trigger); the
 *    relay, woken by the trigger's NOTIFY (and polling every 5 s), moves rows that have no queue
 *    message yet into pg-boss — the messages and `queued = true` in one transaction. A process that
 *    dies between the job's commit and the relay leaves the row unqueued: the next relay pass, here
 *    or in any other worker, picks it up. Nothing is lost, and FOR UPDATE SKIP LOCKED keeps two
 *    relays from queueing the same row. (The trigger does not write pg-boss's tables itself: they
 *    are pg-boss's to change between versions.)
 * 2. The sender, a pg-boss worker. A message is one attempt: claim it (guarded update, so a duplicate
 *    message is a no-op), sign and POST outside any transaction, then log it and, on failure, queue
 *    the next attempt with `startAfter` — in one transaction, so a retry is never lost either. The
 *    schedule (retry-schedule.ts) is ours rather than pg-boss's retryBackoff: it runs in
 *    milliseconds, counts a window in time rather than a number of tries, and logs every attempt.
 *    A process killed mid-POST leaves the row pending and overdue; the relay queues it again.
 */
export async function startWebhookDispatcher(ctx: Context): Promise<WebhookDispatcher> {
  const { db, queue, config } = ctx;
  const timeoutSeconds = Math.ceil(config.webhookTimeoutMs / 1000);
  await ensureQueue(queue, webhookQueue, {
    // Retries of our own bookkeeping only (the database went away mid-attempt); a receiver's failure
    // is scheduled by the sender as the next attempt.
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 300,
    expireInSeconds: timeoutSeconds + 60,
    deleteAfterSeconds: 86_400,
    notify: true,
  });

  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const relay = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true; // a notification during a pass: one more pass after it, however many arrived
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await relayPass(ctx).catch((error) => {
          if (process.env.DOCJOBS_DEBUG) console.error('webhook relay:', error);
        });
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const unlisten = await db.listen(webhookChannel(db), () => void relay());
  const poll = setInterval(() => void relay(), relayPollMs);
  poll.unref();
  await relay(); // rows left unqueued by a process that stopped

  const writes = attemptWrites(ctx);
  const workId = await queue.work<WebhookMessage>(
    webhookQueue,
    {
      // 2 fetch loops × 25 messages: up to 50 POSTs in flight. They wait on the network, not a core.
      localConcurrency: 2,
      batchSize: 25,
      // Without it each loop waits its polling interval after every batch: 2 × 25 POSTs a second
      // at most (measured: 1,000 deliveries × 3 attempts took 60 s on PGlite).
      burstWhenBatchFull: true,
      perJobResults: true,
      pollingIntervalSeconds: 0.5,
      // A new message wakes the worker (NOTIFY); a retry's startAfter does not, so this poll is
      // how late a retry may start: 1 s on top of a delay of 5 s or more.
      notifyPollingIntervalSeconds: 1,
    },
    async (jobs: QueueJob<WebhookMessage>[]) =>
      Promise.all(
        jobs.map(async (job) => {
          try {
            await attempt(ctx, writes, job.data);
            return { id: job.id, status: 'completed' as const };
          } catch (error) {
            return { id: job.id, status: 'failed' as const, output: { message: String(error) } };
          }
        }),
      ),
  );

  return {
    async stop() {
      stopped = true;
      clearInterval(poll);
      await queue.offWork(webhookQueue, { id: workId, wait: true }).catch(() => {});
      await running?.catch(() => {});
      await unlisten().catch(() => {});
    },
  };
}

/** Queue the first attempt of unqueued rows, and again the attempt of overdue ones. */
async function relayPass(ctx: Context): Promise<void> {
  const move = (lock: typeof lockUnqueued) =>
    ctx.db.transaction(async (tx) => {
      const rows = await lock(tx, relayBatch);
      if (rows.length === 0) return 0;
      await ctx.queue.insert(
        webhookQueue,
        rows.map((row) => ({
          data: { deliveryId: row.id, attempt: row.attempts + 1 } satisfies WebhookMessage,
          singletonKey: row.id,
        })),
        { db: tx.boss },
      );
      await markQueued(
        tx,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  while ((await move(lockUnqueued)) === relayBatch) {}
  while ((await move((sql, limit) => lockOverdue(sql, overdueMs, limit))) === relayBatch) {}
}

/** One attempt of one delivery: claim, sign, POST (outside any transaction), record. */
async function attempt(ctx: Context, writes: AttemptWrites, message: WebhookMessage): Promise<void> {
  const { db, config } = ctx;
  if (typeof message?.deliveryId !== 'string' || !Number.isInteger(message.attempt)) return;
  const claimed = await writes.claims.submit({ id: message.deliveryId, attempt: message.attempt });
  if (!claimed) return; // delivered, failed, or this attempt already ran
  const secret = claimed.secret ?? (await ensureWebhookSetting(db, claimed.orgId)).secret;
  const body = webhookBody(claimed.payload);
  const at = new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'docjobs-webhooks/1',
    ...signatureHeaders(secret, { id: claimed.id, timestamp: Math.floor(at.getTime() / 1000), body }),
  };
  const outcome = await postWebhook(claimed.url, headers, body, {
    timeoutMs: config.webhookTimeoutMs,
    allowPrivate: config.webhookAllowPrivate,
  });
  const next = nextStep({
    ok: outcome.error === null,
    attempt: claimed.attempt,
    now: new Date(),
    windowStartedAt: claimed.windowStartedAt,
    baseMs: config.webhookRetryBaseMs,
    windowHours: config.webhookRetryHours,
  });
  await writes.records.submit({ id: claimed.id, attempt: claimed.attempt, at, ...outcome, next });
}

interface AttemptWrites {
  claims: GroupCommit<AttemptClaim, ClaimedAttempt | null>;
  records: GroupCommit<AttemptRecord, boolean>;
}

/**
 * Claims and records of attempts running side by side are written together (as the job worker
 * does with its completions). A record, the attempt log, and the next attempt's queue message
 * commit in one transaction: a retry is never lost.
 */
function attemptWrites(ctx: Context): AttemptWrites {
  const { db, queue, config } = ctx;
  // The POST ends by its timeout; 15 s more covers writing down how it went.
  const inFlightMs = config.webhookTimeoutMs + 15_000;
  return {
    claims: new GroupCommit((items) => claimAttempts(db, items, inFlightMs)),
    records: new GroupCommit((items) =>
      db.transaction(async (tx) => {
        const moved = await recordAttempts(tx, items);
        const retries = items.filter((item, i) => moved[i] && item.next.status === 'pending');
        if (retries.length > 0) {
          await queue.insert(
            webhookQueue,
            retries.map((item) => ({
              data: { deliveryId: item.id, attempt: item.attempt + 1 } satisfies WebhookMessage,
              startAfter: item.next.status === 'pending' ? item.next.at : undefined,
              singletonKey: item.id,
            })),
            { db: tx.boss },
          );
        }
        return moved;
      }),
    ),
  };
}
