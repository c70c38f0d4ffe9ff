import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newCaseId } from '../../core/case.ts';
import type { JobId } from '../../core/ids.ts';
import { insertCase } from '../cases/insert-case.ts';
import { type DueCursor, dropExpiredJobs, expireDueJobs, previewPurge } from '../jobs/expire-jobs.ts';
import { getJob } from '../jobs/get-job.ts';
import { moveJob } from '../jobs/move-job.ts';
import { usageSummary } from '../usage.ts';
import { addJob, endJob, hourMs, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** The purge (DESIGN.md "Retention"): terminal jobs past expiry become `expired`, then are dropped. */
export function retentionContract(make: MakeDatabase) {
  // The purge scans every organisation: each test gets a database of its own.
  describe('retention: expire and purge', () => {
    const db = useDatabase(make, 'retention', 'test');
    const past = () => new Date(Date.now() - hourMs);
    const sorted = (ids: string[]) => [...ids].sort();

    it('expires terminal, case-less jobs past expiry, emptying their data, and leaves the rest', async () => {
      const org = await newOrg(db());
      const kept = await insertCase(db(), {
        id: newCaseId(),
        orgId: org.id,
        name: 'kept',
        description: null,
        metadata: {},
      });
      const completed = await endJob(
        db(),
        await addJob(db(), org.id, { expiresAt: past(), metadata: { k: 'v' } }),
        'completed',
      );
      const failed = await endJob(db(), await addJob(db(), org.id, { expiresAt: past() }), 'failed');
      const running = await addJob(db(), org.id, { expiresAt: past() });
      await moveJob(db(), running.id, 'processing', { attempt: 1 });
      const queued = await addJob(db(), org.id, { expiresAt: past() });
      const notYet = await endJob(db(), await addJob(db(), org.id), 'completed');
      const inCase = await endJob(
        db(),
        await addJob(db(), org.id, { expiresAt: past(), caseId: kept.id }),
        'completed',
      );

      const preview = await previewPurge(db(), { now: null, graceDays: 7, sample: 10 });
      assert.deepEqual([preview.due, preview.dueButRunning, preview.droppable], [2, 2, 0]);
      assert.deepEqual(sorted(preview.dueIds), sorted([completed.id, failed.id]));
      assert.equal(
        (await getJob(db(), org.id, completed.id))?.status,
        'completed',
        'a preview changes nothing',
      );

      const batch = await expireDueJobs(db(), { now: null, limit: 100, after: null });
      assert.deepEqual(sorted(batch.ids), sorted([completed.id, failed.id]));
      assert.equal(batch.next, null, 'fewer rows than the limit: the last batch');
      const expired = await getJob(db(), org.id, completed.id);
      assert.equal(expired?.status, 'expired');
      assert.deepEqual(
        [expired?.documentKey, expired?.resultKey, expired?.options, expired?.trace],
        [null, null, {}, null],
      );
      assert.deepEqual(expired?.metadata, { k: 'v' }, 'metadata and status stay');
      for (const job of [running, queued, notYet, inCase])
        assert.notEqual((await getJob(db(), org.id, job.id))?.status, 'expired', job.id);

      assert.deepEqual(
        (await expireDueJobs(db(), { now: null, limit: 100, after: null })).ids,
        [],
        'once only',
      );
      await endJob(db(), running, 'timeout');
      assert.deepEqual(
        (await expireDueJobs(db(), { now: null, limit: 100, after: null })).ids,
        [running.id],
        'once it ends',
      );
      const later = new Date(Date.now() + 48 * hourMs);
      assert.deepEqual(
        (await expireDueJobs(db(), { now: later, limit: 100, after: null })).ids,
        [notYet.id],
        'as of `now`',
      );
      assert.equal((await getJob(db(), org.id, inCase.id))?.status, 'completed', 'a case keeps its jobs');
    });

    it('walks due jobs in batches by expiry, to the microsecond, stepping past those it cannot move', async () => {
      const org = await newOrg(db());
      const statuses = ['processing', 'completed', 'processing', 'completed', 'completed'] as const;
      const ids: JobId[] = [];
      for (const [i, status] of statuses.entries()) {
        const job = await addJob(db(), org.id);
        if (status === 'completed') await endJob(db(), job, 'completed');
        else await moveJob(db(), job.id, 'processing', { attempt: 1 });
        // One millisecond, five microseconds: a cursor kept as a JS Date would lose its place.
        await db().query('UPDATE jobs SET expires_at = $2::timestamptz WHERE id = $1', [
          job.id,
          `2020-01-01T00:00:00.00100${i + 1}Z`,
        ]);
        ids.push(job.id);
      }
      const moved: string[][] = [];
      let after: DueCursor | null = null;
      for (let batches = 0; ; batches++) {
        assert.ok(batches < 10, 'the walk ends');
        const batch = await expireDueJobs(db(), { now: null, limit: 2, after });
        moved.push(batch.ids);
        if (!batch.next) break;
        after = batch.next;
      }
      assert.deepEqual(moved, [[ids[1]], [ids[3]], [ids[4]]]);
      assert.deepEqual((await previewPurge(db(), { now: null, graceDays: 0, sample: 10 })).dueButRunning, 2);
    });

    it('drops expired rows once the grace period is over; their usage records stay', async () => {
      const org = await newOrg(db());
      const job = await endJob(db(), await addJob(db(), org.id, { expiresAt: past() }), 'completed', {
        pages: 3,
      });
      assert.deepEqual((await expireDueJobs(db(), { now: null, limit: 10, after: null })).ids, [job.id]);
      assert.deepEqual(
        await dropExpiredJobs(db(), { now: null, graceDays: 7, limit: 10 }),
        [],
        'still in its grace',
      );
      const eightDaysOn = new Date(Date.now() + 8 * 24 * hourMs);
      const preview = await previewPurge(db(), { now: eightDaysOn, graceDays: 7, sample: 10 });
      assert.deepEqual([preview.droppable, preview.droppableIds, preview.due], [1, [job.id], 0]);
      assert.deepEqual(await dropExpiredJobs(db(), { now: eightDaysOn, graceDays: 7, limit: 10 }), [job.id]);
      assert.equal(await getJob(db(), org.id, job.id), null);
      assert.deepEqual(await dropExpiredJobs(db(), { now: eightDaysOn, graceDays: 7, limit: 10 }), []);
      const usage = await usageSummary(db(), org.id, { from: past(), to: new Date(Date.now() + hourMs) });
      assert.deepEqual([usage.totals.jobs, usage.totals.pages, usage.totals.credits], [1, 3, 3]);
    });
  });
}
