import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webhookEvents } from '../../core/webhook-payload.ts';
import { getJob } from '../jobs/get-job.ts';
import { moveJob } from '../jobs/move-job.ts';
import { listDeliveries } from '../webhooks/deliveries.ts';
import {
  deleteWebhookSetting,
  ensureWebhookSetting,
  getWebhookSetting,
  putWebhookSetting,
} from '../webhooks/settings.ts';
import { addJob, endJob, failure, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** Webhook settings, and the outbox the jobs' status trigger fills (migration 0005). */
export function webhookOutboxContract(make: MakeDatabase) {
  describe('webhook settings and outbox', () => {
    const db = useDatabase(make, 'webhook-outbox');

    it('keeps one setting per organisation: made on demand, replaced, forgotten with its secret', async () => {
      const org = await newOrg(db());
      assert.equal(await getWebhookSetting(db(), org.id), null);
      const made = await ensureWebhookSetting(db(), org.id);
      assert.deepEqual([made.url, made.events], [null, [...webhookEvents]]);
      assert.match(made.secret, /^whsec_/);
      assert.deepEqual(await ensureWebhookSetting(db(), org.id), made, 'the secret is kept');

      const put = await putWebhookSetting(db(), org.id, {
        url: 'https://hooks.test/in',
        secret: 'whsec_b3RoZXItc2VjcmV0LW9mLXR3ZW50eS1mb3VyIQ==',
        events: ['job.failed', 'job.timeout'],
      });
      assert.deepEqual(await getWebhookSetting(db(), org.id), put);
      assert.deepEqual([put.url, put.events], ['https://hooks.test/in', ['job.failed', 'job.timeout']]);
      assert.ok(Date.parse(put.updatedAt) >= Date.parse(made.updatedAt));

      assert.equal(await deleteWebhookSetting(db(), org.id), true);
      assert.equal(await deleteWebhookSetting(db(), org.id), false);
      assert.equal(await getWebhookSetting(db(), org.id), null);
      assert.notEqual((await ensureWebhookSetting(db(), org.id)).secret, made.secret, 'a new secret');
    });

    it('makes one secret when several ask for it at once', async () => {
      const org = await newOrg(db());
      const settings = await Promise.all(Array.from({ length: 6 }, () => ensureWebhookSetting(db(), org.id)));
      assert.equal(new Set(settings.map((s) => s.secret)).size, 1);
      assert.equal((await getWebhookSetting(db(), org.id))?.secret, settings[0]!.secret);
    });

    it('announces the ends its organisation asked for, and every end of a job with its own url', async () => {
      const org = await newOrg(db());
      await putWebhookSetting(db(), org.id, {
        url: 'https://org.test/hook',
        secret: 'whsec_b3JnLXNlY3JldC1vZi10d2VudHktZm91ci1ieXRlcw==',
        events: ['job.completed', 'job.failed'],
      });
      const completed = await endJob(
        db(),
        await addJob(db(), org.id, { metadata: { ref: 'r1' } }),
        'completed',
        {
          qualityScore: 0.9,
        },
      );
      const cancelled = await endJob(db(), await addJob(db(), org.id), 'cancelled');
      const ownUrl = await endJob(
        db(),
        await addJob(db(), org.id, { webhookUrl: 'https://job.test/x' }),
        'cancelled',
      );
      const retrying = await addJob(db(), org.id);
      await moveJob(db(), retrying.id, 'processing', { attempt: 1 });
      await moveJob(db(), retrying.id, 'retrying', { error: failure() });

      const all = await listDeliveries(db(), org.id, {}, { limit: 10 });
      assert.deepEqual(
        all.deliveries.map((d) => [d.jobId, d.event, d.url]).sort(),
        [
          [completed.id, 'job.completed', 'https://org.test/hook'],
          [ownUrl.id, 'job.cancelled', 'https://job.test/x'],
        ].sort(),
      );
      assert.ok(!all.deliveries.some((d) => d.jobId === cancelled.id || d.jobId === retrying.id));

      const [delivery] = (await listDeliveries(db(), org.id, { jobId: completed.id }, { limit: 10 }))
        .deliveries;
      assert.ok(delivery);
      assert.match(delivery.id, /^msg_[0-9a-f]{28}$/);
      assert.deepEqual(
        [
          delivery.status,
          delivery.attemptCount,
          delivery.attempts,
          delivery.deliveredAt,
          delivery.lastStatusCode,
        ],
        ['pending', 0, [], null, null],
      );
      assert.ok(delivery.nextAttemptAt && !Number.isNaN(Date.parse(delivery.nextAttemptAt)));
      assert.deepEqual(delivery.payload, {
        type: 'job.completed',
        jobId: completed.id,
        jobGuid: completed.id,
        status: 'completed',
        error: null,
        qualityScore: 0.9,
        qualityCategory: 'Very Confident',
        metadata: { ref: 'r1' },
        createdAt: completed.createdAt,
        completedAt: completed.completedAt,
      });
    });

    it('announces nothing of an end that was rolled back', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id, { webhookUrl: 'https://job.test/rolled-back' });
      await assert.rejects(
        db().transaction(async (tx) => {
          assert.ok(await moveJob(tx, job.id, 'failed', { finished: true, error: failure() }));
          assert.equal(
            (await listDeliveries(tx, org.id, { jobId: job.id }, { limit: 5 })).total,
            1,
            'inside',
          );
          throw new Error('the caller changed its mind');
        }),
        /changed its mind/,
      );
      assert.equal((await listDeliveries(db(), org.id, { jobId: job.id }, { limit: 5 })).total, 0);
      assert.equal((await getJob(db(), org.id, job.id))?.status, 'queued');
    });
  });
}
