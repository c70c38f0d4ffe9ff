import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteTerminalJob } from '../jobs/delete-job.ts';
import { getJob } from '../jobs/get-job.ts';
import {
  findWaitingChildren,
  readParentStates,
  releaseWaitingJob,
  settleableWaitingJobs,
  setWaitingFor,
} from '../jobs/job-parents.ts';
import { moveJob } from '../jobs/move-job.ts';
import { addJob, endJob, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** dependsOn (migration 0010): a child waits, without a queue message, until its parents end. */
export function parentsContract(make: MakeDatabase) {
  describe('job parents and children', () => {
    const db = useDatabase(make, 'parents');
    // The sweep's query scans every organisation: these tests look only for their own jobs in it.
    const settleable = async () => new Set(await settleableWaitingJobs(db(), 10_000));

    it('keeps a child waiting while a parent runs, then lets it go exactly once', async () => {
      const org = await newOrg(db());
      const [p1, p2] = [await addJob(db(), org.id), await addJob(db(), org.id)];
      const child = await addJob(db(), org.id, {
        dependsOn: [p1.id, p2.id],
        priority: 3,
        timeoutSeconds: 77,
      });
      assert.deepEqual(
        [child.status, child.waitingFor, child.dependsOn],
        ['queued', [p1.id, p2.id], [p1.id, p2.id]],
      );
      assert.equal(child.queueJobId, null, 'no queue message while it waits');

      assert.deepEqual(await findWaitingChildren(db(), [p1.id]), [child.id]);
      assert.deepEqual(
        await findWaitingChildren(db(), [p1.id, p2.id]),
        [child.id],
        'once, however many parents',
      );
      assert.deepEqual(await findWaitingChildren(db(), [child.id]), []);
      assert.deepEqual(await findWaitingChildren(db(), []), []);
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      assert.deepEqual(
        await readParentStates(db(), child.id),
        [
          { id: p1.id, status: 'queued' },
          { id: p2.id, status: 'queued' },
        ].sort(byId),
      );
      assert.equal((await settleable()).has(child.id), false);

      await endJob(db(), p1, 'completed');
      await setWaitingFor(db(), child.id, [p2.id]);
      assert.deepEqual((await getJob(db(), org.id, child.id))?.waitingFor, [p2.id]);
      assert.equal((await settleable()).has(child.id), false, 'p2 still runs');
      await endJob(db(), p2, 'failed');
      assert.equal((await settleable()).has(child.id), true);
      assert.deepEqual(
        await readParentStates(db(), child.id),
        [
          { id: p1.id, status: 'completed' },
          { id: p2.id, status: 'failed' },
        ].sort(byId),
      );

      assert.deepEqual(await releaseWaitingJob(db(), child.id), {
        id: child.id,
        priority: 3,
        timeoutSeconds: 77,
      });
      assert.equal(await releaseWaitingJob(db(), child.id), null, 'released once');
      const released = await getJob(db(), org.id, child.id);
      assert.deepEqual([released?.status, released?.waitingFor], ['queued', null]);
      assert.deepEqual(await findWaitingChildren(db(), [p1.id]), []);
      assert.equal((await settleable()).has(child.id), false);
      await setWaitingFor(db(), child.id, [p1.id]);
      assert.equal(
        (await getJob(db(), org.id, child.id))?.waitingFor,
        null,
        'a released job does not wait again',
      );
    });

    it('shows a deleted parent as null, and it no longer holds its child', async () => {
      const org = await newOrg(db());
      const parent = await addJob(db(), org.id);
      const running = await addJob(db(), org.id);
      const child = await addJob(db(), org.id, { dependsOn: [parent.id, running.id] });
      await endJob(db(), parent, 'cancelled');
      assert.equal(await deleteTerminalJob(db(), org.id, parent.id), true);
      const states = await readParentStates(db(), child.id);
      assert.deepEqual(states.find((s) => s.id === parent.id)?.status, null);
      assert.equal(states.length, 2, 'the parent row outlives the parent');
      assert.equal((await settleable()).has(child.id), false, 'the other parent still runs');
      await endJob(db(), running, 'completed');
      assert.equal((await settleable()).has(child.id), true);
    });

    it('never releases a child that ended while it waited', async () => {
      const org = await newOrg(db());
      const parent = await addJob(db(), org.id);
      const child = await addJob(db(), org.id, { dependsOn: [parent.id] });
      const cancelled = await moveJob(db(), child.id, 'cancelled', { finished: true });
      assert.deepEqual([cancelled?.status, cancelled?.waitingFor], ['cancelled', null]);
      assert.equal(await releaseWaitingJob(db(), child.id), null);
      assert.deepEqual(await findWaitingChildren(db(), [parent.id]), []);
      await endJob(db(), parent, 'completed');
      assert.equal((await settleable()).has(child.id), false);
    });
  });
}
