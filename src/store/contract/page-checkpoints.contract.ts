import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listPageCheckpoints, savePageCheckpoint } from '../checkpoints/page-checkpoints.ts';
import { deleteTerminalJob } from '../jobs/delete-job.ts';
import { moveJob } from '../jobs/move-job.ts';
import { addJob, endJob, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** Page checkpoints (migration 0013): kept while a job runs or waits to run again, gone when it ends. */
export function pageCheckpointsContract(make: MakeDatabase) {
  describe('page checkpoints', () => {
    const db = useDatabase(make, 'checkpoints');
    const reading = (page: number) => ({
      text: `page ${page}`,
      confidence: 0.91,
      words: [{ bbox: [1, 2.5, 3, 4] }],
    });
    const save = (
      id: Parameters<typeof savePageCheckpoint>[1],
      attempt: number,
      page: number,
      pass = 'standard',
    ) => savePageCheckpoint(db(), id, { pass, page, attempt, reading: reading(page) });

    it('keeps the readings of the attempt that owns the running job, across a hand-back and a retry', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      assert.equal(await save(job.id, 0, 1), false, 'not running yet');
      assert.ok(await moveJob(db(), job.id, 'processing', { attempt: 0 }));
      assert.equal(await save(job.id, 0, 1), true);
      assert.equal(await save(job.id, 0, 2), true);
      assert.equal(await save(job.id, 0, 1, 'premium'), true, 'a second pass keeps its own');
      assert.equal(await save(job.id, 3, 3), false, 'another attempt does not own the job');
      assert.equal(await save(job.id, 0, 2), false, 'a page read twice keeps its first reading');

      // Handed back at shutdown (to queued), then a transient failure (retrying): still there.
      assert.ok(await moveJob(db(), job.id, 'queued', {}, { attempt: 0 }));
      assert.ok(await moveJob(db(), job.id, 'processing', { attempt: 1 }));
      assert.ok(await moveJob(db(), job.id, 'retrying', {}, { attempt: 1 }));
      assert.deepEqual(await listPageCheckpoints(db(), job.id), [
        { pass: 'premium', page: 1, attempt: 0, reading: reading(1) },
        { pass: 'standard', page: 1, attempt: 0, reading: reading(1) },
        { pass: 'standard', page: 2, attempt: 0, reading: reading(2) },
      ]);
    });

    for (const end of ['completed', 'partial', 'failed', 'timeout', 'cancelled'] as const) {
      it(`drops a job's checkpoints when it ends ${end}, and not another job's`, async () => {
        const org = await newOrg(db());
        const [job, other] = [await addJob(db(), org.id), await addJob(db(), org.id)];
        for (const each of [job, other]) {
          assert.ok(await moveJob(db(), each.id, 'processing', { attempt: 1 }));
          assert.ok(await save(each.id, 1, 1));
        }
        if (end === 'cancelled') assert.ok(await moveJob(db(), job.id, 'cancelled', { finished: true }));
        else {
          assert.ok(await moveJob(db(), job.id, 'queued', {}, { attempt: 1 }));
          await endJob(db(), job, end);
        }
        assert.deepEqual(await listPageCheckpoints(db(), job.id), []);
        assert.equal((await listPageCheckpoints(db(), other.id)).length, 1);
        assert.equal(await save(job.id, 1, 2), false, 'nothing is stored for an ended job');
      });
    }

    it('goes with a deleted job', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      assert.ok(await moveJob(db(), job.id, 'processing', { attempt: 1 }));
      assert.ok(await save(job.id, 1, 1));
      // A row deleted by any path (the API only deletes ended jobs; the purge drops expired rows).
      await db().query('DELETE FROM jobs WHERE id = $1', [job.id]);
      assert.deepEqual(await listPageCheckpoints(db(), job.id), []);
      assert.equal(await deleteTerminalJob(db(), org.id, job.id), false);
    });
  });
}
