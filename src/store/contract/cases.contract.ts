import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newCaseId } from '../../core/case.ts';
import type { OrgId } from '../../core/ids.ts';
import { decodeCursor } from '../../core/page-request.ts';
import { deleteCaseWithJobs } from '../cases/delete-case.ts';
import { caseExists, getCase } from '../cases/get-case.ts';
import { insertCase } from '../cases/insert-case.ts';
import { listCases } from '../cases/list-cases.ts';
import type { Database } from '../db.ts';
import { getJob } from '../jobs/get-job.ts';
import { insertJob } from '../jobs/insert-job.ts';
import {
  addJob,
  endJob,
  jobFields,
  type MakeDatabase,
  newestFirst,
  newOrg,
  setCreatedAt,
  useDatabase,
} from './fixtures.ts';

const addCase = (db: Database, orgId: OrgId, name = 'case') =>
  insertCase(db, { id: newCaseId(), orgId, name, description: null, metadata: {} });

/** Cases: long-term collections whose jobs the purge never takes; deleted with their jobs. */
export function casesContract(make: MakeDatabase) {
  describe('cases', () => {
    const db = useDatabase(make, 'cases');

    it('inserts a case and reads it back with the count of its jobs', async () => {
      const org = await newOrg(db());
      const id = newCaseId();
      const made = await insertCase(db(), {
        id,
        orgId: org.id,
        name: 'Claims 2024',
        description: 'all of them',
        metadata: { team: 'north' },
      });
      assert.deepEqual(
        [made.id, made.orgId, made.name, made.description, made.metadata, made.jobCount],
        [id, org.id, 'Claims 2024', 'all of them', { team: 'north' }, 0],
      );
      assert.match(made.createdAt, /\.\d{3}Z$/);
      await addJob(db(), org.id, { caseId: id });
      await addJob(db(), org.id, { caseId: id });
      await addJob(db(), org.id);
      assert.deepEqual(await getCase(db(), org.id, id), { ...made, jobCount: 2 });
      assert.equal(await caseExists(db(), org.id, id), true);
      assert.equal(await caseExists(db(), org.id, newCaseId()), false);
      assert.equal(await getCase(db(), org.id, newCaseId()), null);
    });

    it('refuses a job naming a case that does not exist', async () => {
      const org = await newOrg(db());
      await assert.rejects(insertJob(db(), jobFields(org.id, { caseId: newCaseId() })));
    });

    it('deletes a case with its jobs only once every job in it is terminal', async () => {
      const org = await newOrg(db());
      const kept = await addCase(db(), org.id);
      const [done, running, outside] = [
        await endJob(db(), await addJob(db(), org.id, { caseId: kept.id }), 'completed'),
        await addJob(db(), org.id, { caseId: kept.id }),
        await addJob(db(), org.id),
      ];
      assert.deepEqual(await deleteCaseWithJobs(db(), org.id, kept.id), {
        outcome: 'jobs-running',
        jobIds: [running.id],
      });
      assert.equal((await getCase(db(), org.id, kept.id))?.jobCount, 2, 'nothing was deleted');
      assert.ok(await getJob(db(), org.id, done.id));

      await endJob(db(), running, 'failed');
      const deletion = await deleteCaseWithJobs(db(), org.id, kept.id);
      assert.equal(deletion.outcome, 'deleted');
      assert.deepEqual(
        deletion.outcome === 'deleted' ? [...deletion.jobIds].sort() : [],
        [done.id, running.id].sort(),
      );
      assert.equal(await getCase(db(), org.id, kept.id), null);
      assert.equal(await getJob(db(), org.id, done.id), null);
      assert.equal(await getJob(db(), org.id, running.id), null);
      assert.ok(await getJob(db(), org.id, outside.id), 'a job outside the case stays');
      assert.deepEqual(await deleteCaseWithJobs(db(), org.id, kept.id), { outcome: 'not-found' });
      await assert.rejects(insertJob(db(), jobFields(org.id, { caseId: kept.id })), 'the case is gone');
    });

    it('lists cases newest first by offset and by cursor through ties', async () => {
      const org = await newOrg(db());
      const at = Date.parse('2024-02-01T00:00:00.000Z');
      const ids = [];
      for (const minute of [0, 1, 1, 1, 2]) {
        const made = await addCase(db(), org.id, `m${minute}`);
        await setCreatedAt(db(), 'cases', made.id, new Date(at + minute * 60_000));
        ids.push(made.id);
      }
      await addJob(db(), org.id, { caseId: ids[1] });
      const cases = await Promise.all(ids.map(async (id) => (await getCase(db(), org.id, id))!));
      const expected = newestFirst(cases);

      const first = await listCases(db(), org.id, { limit: 3, offset: 0 });
      const second = await listCases(db(), org.id, { limit: 3, offset: 3 });
      assert.deepEqual([first.total, first.hasMore, second.hasMore], [5, true, false]);
      assert.deepEqual([...first.cases, ...second.cases], expected, 'rows and job counts');

      const walked = [];
      let page = await listCases(db(), org.id, { limit: 2 });
      for (;;) {
        walked.push(...page.cases);
        if (!page.nextCursor) break;
        page = await listCases(db(), org.id, { limit: 2, cursor: decodeCursor(page.nextCursor)! });
      }
      assert.deepEqual(walked, expected);
    });
  });
}
