import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newJobId } from '../../core/ids.ts';
import { moveJob } from '../jobs/move-job.ts';
import { countActiveJobs, pagesToday, reserveJobSlot } from '../quotas.ts';
import { usageSummary } from '../usage.ts';
import { addJob, endJob, hourMs, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** Usage records (one per finished job, migration 0007) and the quotas read from them and the jobs. */
export function usageQuotasContract(make: MakeDatabase) {
  describe('usage and quotas', () => {
    const db = useDatabase(make, 'usage-quotas');
    const window = () => ({ from: new Date(Date.now() - hourMs), to: new Date(Date.now() + hourMs) });

    it('records each finished job once, and sums pages, credits and tokens per UTC day and type', async () => {
      const org = await newOrg(db());
      const completed = await endJob(db(), await addJob(db(), org.id), 'completed', { pages: 3 });
      await endJob(db(), await addJob(db(), org.id, { type: 'extract' }), 'completed', {
        pages: 2,
        llmTokens: 100,
      });
      await endJob(db(), await addJob(db(), org.id), 'partial', { pages: 0 });
      await endJob(db(), await addJob(db(), org.id), 'failed', { pages: 4 });
      await endJob(db(), await addJob(db(), org.id), 'cancelled');
      await addJob(db(), org.id);
      const today = new Date().toISOString().slice(0, 10);

      const usage = await usageSummary(db(), org.id, window());
      const shape = (days: typeof usage.days) => days.map(({ processingMs: _ms, ...day }) => day);
      // Credits: one per page of a completed or partial job, at least one; none for the other ends.
      assert.deepEqual(shape(usage.days), [
        { date: today, type: 'extract', jobs: 1, pages: 2, credits: 2, llmTokens: 100 },
        { date: today, type: 'parse', jobs: 4, pages: 7, credits: 4, llmTokens: 0 },
      ]);
      assert.ok(usage.days.every((day) => Number.isInteger(day.processingMs) && day.processingMs >= 0));
      assert.deepEqual(
        { ...usage.totals, processingMs: 0 },
        { jobs: 5, pages: 9, processingMs: 0, credits: 6, llmTokens: 100 },
      );
      assert.equal(usage.totals.processingMs, usage.days[0]!.processingMs + usage.days[1]!.processingMs);
      assert.deepEqual((await pagesToday(db(), org.id)).pages, 9);

      assert.ok(await moveJob(db(), completed.id, 'expired', {}), 'completed → expired');
      assert.deepEqual((await usageSummary(db(), org.id, window())).totals, usage.totals, 'no second record');

      await db().query(
        `UPDATE usage_records SET finished_at = finished_at - interval '1 day' WHERE job_id = $1`,
        [completed.id],
      );
      const yesterday = new Date(Date.now() - 24 * hourMs).toISOString().slice(0, 10);
      const twoDays = await usageSummary(db(), org.id, {
        from: new Date(Date.now() - 30 * hourMs),
        to: window().to,
      });
      assert.deepEqual(
        twoDays.days.map((day) => [day.date, day.type, day.jobs]),
        [
          [yesterday, 'parse', 1],
          [today, 'extract', 1],
          [today, 'parse', 3],
        ],
        'oldest day first',
      );
      assert.equal(
        (await usageSummary(db(), org.id, window())).totals.jobs,
        4,
        'finished outside the window',
      );
      const { pages, resetSeconds } = await pagesToday(db(), org.id);
      assert.equal(pages, 6, 'pages of jobs finished since midnight UTC');
      assert.ok(resetSeconds >= 1 && resetSeconds <= 86_400, `${resetSeconds}`);
      const empty = await usageSummary(db(), org.id, { from: new Date(0), to: new Date(1000) });
      assert.deepEqual([empty.days, empty.totals.jobs], [[], 0]);
    });

    it('gives out concurrent-job slots up to the limit, counting unfinished jobs and fresh reservations', async () => {
      const org = await newOrg(db());
      const [a, b, c] = [newJobId(), newJobId(), newJobId()];
      assert.deepEqual(await reserveJobSlot(db(), org.id, a, 2), { reserved: true, active: 0 });
      assert.deepEqual(await reserveJobSlot(db(), org.id, b, 2), { reserved: true, active: 1 });
      assert.deepEqual(await reserveJobSlot(db(), org.id, c, 2), { reserved: false, active: 2 });
      assert.equal(await countActiveJobs(db(), org.id), 2);

      const job = await addJob(db(), org.id, { id: a });
      assert.equal(await countActiveJobs(db(), org.id), 2, 'the job row takes over its reservation');
      assert.deepEqual(await reserveJobSlot(db(), org.id, c, 2), { reserved: false, active: 2 });
      const left = await db().query('SELECT job_id FROM quota_reservations WHERE org_id = $1', [org.id]);
      assert.deepEqual(left, [{ job_id: b }], 'a reservation whose job row exists is cleared');

      await endJob(db(), job, 'completed');
      assert.equal(await countActiveJobs(db(), org.id), 1, 'a finished job frees its slot');
      await db().query(
        `UPDATE quota_reservations SET reserved_at = now() - interval '31 seconds' WHERE job_id = $1`,
        [b],
      );
      assert.equal(await countActiveJobs(db(), org.id), 0, 'a reservation past its grace no longer counts');
      assert.deepEqual(await reserveJobSlot(db(), org.id, c, 1), { reserved: true, active: 0 });
    });

    it('gives the last slots to as many submits as the limit when they come together', async () => {
      const org = await newOrg(db());
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => reserveJobSlot(db(), org.id, newJobId(), 3)),
      );
      assert.equal(answers.filter((answer) => answer.reserved).length, 3);
      assert.equal(await countActiveJobs(db(), org.id), 3);
    });
  });
}
