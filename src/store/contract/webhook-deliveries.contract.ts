import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OrgId } from '../../core/ids.ts';
import { decodeCursor } from '../../core/page-request.ts';
import type { Database } from '../db.ts';
import { type AttemptRecord, claimAttempts, recordAttempts } from '../webhooks/attempts.ts';
import {
  getDelivery,
  listDeliveries,
  lockOverdue,
  lockUnqueued,
  markForRedelivery,
  markQueued,
} from '../webhooks/deliveries.ts';
import { putWebhookSetting } from '../webhooks/settings.ts';
import {
  addJob,
  endJob,
  hourMs,
  type MakeDatabase,
  newestFirst,
  newOrg,
  setCreatedAt,
  useDatabase,
} from './fixtures.ts';

const secret = 'whsec_ZGVsaXZlcmllcy1zZWNyZXQtb2YtdHdlbnR5LWZvdXI=';

/** A job ended with its own webhook url: one delivery in the outbox. Returns the delivery's id. */
async function deliveryFor(db: Database, orgId: OrgId): Promise<string> {
  const job = await endJob(
    db,
    await addJob(db, orgId, { webhookUrl: 'https://receiver.test/in' }),
    'completed',
  );
  const [delivery] = (await listDeliveries(db, orgId, { jobId: job.id }, { limit: 1 })).deliveries;
  assert.ok(delivery);
  return delivery.id;
}

const outcome = (
  id: string,
  attempt: number,
  next: AttemptRecord['next'],
  statusCode = 500,
): AttemptRecord => ({
  id,
  attempt,
  at: new Date(),
  statusCode,
  latencyMs: 12,
  error: statusCode >= 300 ? `HTTP ${statusCode}` : null,
  next,
});

/** The sender's guarded claims and records, redelivery, and the relay's scans of the outbox. */
export function webhookDeliveriesContract(make: MakeDatabase) {
  describe('webhook deliveries and attempts', () => {
    const db = useDatabase(make, 'webhook-deliveries');

    it('runs each attempt once, in order, and records how it went', async () => {
      const org = await newOrg(db());
      // No event of the organisation's own: the job's url alone is announced, signed with this secret.
      await putWebhookSetting(db(), org.id, { url: 'https://org.test/unused', secret, events: [] });
      const id = await deliveryFor(db(), org.id);
      const [claimed] = await claimAttempts(db(), [{ id, attempt: 1 }], 30_000);
      assert.deepEqual(
        [claimed?.id, claimed?.orgId, claimed?.url, claimed?.attempt, claimed?.secret, claimed?.payload.type],
        [id, org.id, 'https://receiver.test/in', 1, secret, 'job.completed'],
      );
      assert.ok(claimed?.windowStartedAt instanceof Date);
      assert.deepEqual(await claimAttempts(db(), [{ id, attempt: 1 }], 30_000), [null], 'attempt 1 ran');
      assert.deepEqual(
        await claimAttempts(db(), [{ id, attempt: 3 }], 30_000),
        [null],
        'attempt 2 comes first',
      );

      const retryAt = new Date(Date.now() + hourMs);
      assert.deepEqual(await recordAttempts(db(), [outcome(id, 1, { status: 'pending', at: retryAt })]), [
        true,
      ]);
      const pending = await getDelivery(db(), org.id, id);
      assert.deepEqual(
        [
          pending?.status,
          pending?.attemptCount,
          pending?.lastStatusCode,
          pending?.lastLatencyMs,
          pending?.lastError,
        ],
        ['pending', 1, 500, 12, 'HTTP 500'],
      );
      assert.equal(pending?.nextAttemptAt, retryAt.toISOString());
      assert.deepEqual(
        pending?.attempts.map((a) => [a.attempt, a.statusCode, a.latencyMs, a.error]),
        [[1, 500, 12, 'HTTP 500']],
      );

      const twice = await claimAttempts(
        db(),
        [
          { id, attempt: 2 },
          { id, attempt: 2 },
        ],
        30_000,
      );
      assert.deepEqual([twice[0]?.attempt, twice[1]], [2, null], 'the same claim twice in a group runs once');
      assert.equal(claimed?.windowStartedAt.getTime(), twice[0]?.windowStartedAt.getTime(), 'one window');
      assert.deepEqual(
        await recordAttempts(db(), [outcome(id, 1, { status: 'delivered' }, 200)]),
        [false],
        'a late record of attempt 1 moves nothing once attempt 2 began',
      );
      assert.deepEqual(await recordAttempts(db(), [outcome(id, 2, { status: 'delivered' }, 204)]), [true]);
      const delivered = await getDelivery(db(), org.id, id);
      assert.deepEqual(
        [delivered?.status, delivered?.nextAttemptAt, delivered?.lastStatusCode],
        ['delivered', null, 204],
      );
      assert.ok(delivered?.deliveredAt);
      assert.deepEqual(
        delivered?.attempts.map((a) => a.attempt),
        [1, 2],
      );
      assert.deepEqual(
        await claimAttempts(db(), [{ id, attempt: 3 }], 30_000),
        [null],
        'delivered: no more attempts',
      );
      assert.deepEqual([await claimAttempts(db(), [], 1), await recordAttempts(db(), [])], [[], []]);
    });

    it('sends again on request: pending, unqueued, a new window, and a wake-up on the channel', async () => {
      const org = await newOrg(db());
      const id = await deliveryFor(db(), org.id);
      await claimAttempts(db(), [{ id, attempt: 1 }], 30_000);
      await recordAttempts(db(), [outcome(id, 1, { status: 'failed' })]);
      assert.equal((await getDelivery(db(), org.id, id))?.status, 'failed');

      const channel = `${db().schema}_webhooks`;
      let woken = 0;
      const unlisten = await db().listen(channel, () => woken++);
      try {
        assert.equal(await markForRedelivery(db(), org.id, id, channel), true);
        for (let waited = 0; woken === 0 && waited < 5000; waited += 20) await sleep(20);
        assert.ok(woken > 0, 'the relay is woken');
      } finally {
        await unlisten();
      }
      const again = await getDelivery(db(), org.id, id);
      assert.deepEqual([again?.status, again?.deliveredAt, again?.attemptCount], ['pending', null, 1]);
      assert.ok(
        (await lockUnqueued(db(), 10_000)).some((row) => row.id === id),
        'queued again by the relay',
      );
      const [next] = await claimAttempts(db(), [{ id, attempt: 2 }], 30_000);
      assert.ok(next, 'the next attempt runs');
      assert.equal(await markForRedelivery(db(), org.id, 'msg_none', channel), false);
    });

    it('hands the relay unqueued rows, then pending ones whose message is long overdue', async () => {
      const org = await newOrg(db());
      const id = await deliveryFor(db(), org.id);
      const unqueued = await db().transaction(async (tx) => {
        const rows = await lockUnqueued(tx, 10_000);
        await markQueued(tx, [id]);
        return rows;
      });
      assert.deepEqual(
        unqueued.find((row) => row.id === id),
        { id, attempts: 0 },
      );
      assert.ok(!(await lockUnqueued(db(), 10_000)).some((row) => row.id === id), 'queued');
      assert.ok(!(await lockOverdue(db(), 60_000, 10_000)).some((row) => row.id === id), 'not overdue yet');
      await sleep(5);
      assert.ok(
        (await lockOverdue(db(), 0, 10_000)).some((row) => row.id === id),
        'overdue',
      );
      await claimAttempts(db(), [{ id, attempt: 1 }], 0);
      await recordAttempts(db(), [outcome(id, 1, { status: 'delivered' }, 200)]);
      assert.ok(
        !(await lockOverdue(db(), 0, 10_000)).some((row) => row.id === id),
        'delivered: never overdue',
      );
    });

    it('lists deliveries newest first, by job and status, by offset and by cursor through ties', async () => {
      const org = await newOrg(db());
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await deliveryFor(db(), org.id));
      const at = Date.parse('2024-04-01T00:00:00.000Z');
      for (const [i, minute] of [0, 1, 1, 1, 2].entries())
        await setCreatedAt(db(), 'webhook_deliveries', ids[i]!, new Date(at + minute * 60_000));
      await claimAttempts(db(), [{ id: ids[2]!, attempt: 1 }], 0);
      await recordAttempts(db(), [outcome(ids[2]!, 1, { status: 'failed' })]);
      const expected = newestFirst(
        await Promise.all(ids.map(async (id) => (await getDelivery(db(), org.id, id))!)),
      );

      const first = await listDeliveries(db(), org.id, {}, { limit: 3, offset: 0 });
      const second = await listDeliveries(db(), org.id, {}, { limit: 3, offset: 3 });
      assert.deepEqual([first.total, first.hasMore, second.hasMore], [5, true, false]);
      assert.deepEqual([...first.deliveries, ...second.deliveries], expected, 'with their attempts');

      const walked = [];
      let page = await listDeliveries(db(), org.id, {}, { limit: 2 });
      for (;;) {
        walked.push(...page.deliveries.map((d) => d.id));
        if (!page.nextCursor) break;
        page = await listDeliveries(db(), org.id, {}, { limit: 2, cursor: decodeCursor(page.nextCursor)! });
      }
      assert.deepEqual(
        walked,
        expected.map((d) => d.id),
      );
      const failed = await listDeliveries(db(), org.id, { statuses: ['failed'] }, { limit: 5 });
      assert.deepEqual([failed.total, failed.deliveries.map((d) => d.id)], [1, [ids[2]]]);
      const ofJob = await listDeliveries(
        db(),
        org.id,
        { jobId: expected[0]!.jobId ?? undefined, statuses: ['pending'] },
        { limit: 5 },
      );
      assert.deepEqual(
        ofJob.deliveries.map((d) => d.id),
        [expected[0]!.id],
      );
    });
  });
}
