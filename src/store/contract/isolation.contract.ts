import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type CaseRecord, newCaseId } from '../../core/case.ts';
import { newExtractorId } from '../../core/ids.ts';
import type { JobRecord } from '../../core/job.ts';
import { deleteCaseWithJobs } from '../cases/delete-case.ts';
import { caseExists, getCase } from '../cases/get-case.ts';
import { insertCase } from '../cases/insert-case.ts';
import { listCases } from '../cases/list-cases.ts';
import { deleteDefinition } from '../definitions/delete-definition.ts';
import { getDefinition } from '../definitions/get-definition.ts';
import { insertDefinition } from '../definitions/insert-definition.ts';
import { listDefinitions } from '../definitions/list-definitions.ts';
import { listVersions } from '../definitions/list-versions.ts';
import { updateDefinition } from '../definitions/update-definition.ts';
import { deleteTerminalJob } from '../jobs/delete-job.ts';
import { getJob, getJobByIdempotencyKey } from '../jobs/get-job.ts';
import { insertJob } from '../jobs/insert-job.ts';
import { jobStats } from '../jobs/job-stats.ts';
import { listJobs } from '../jobs/list-jobs.ts';
import { moveJob } from '../jobs/move-job.ts';
import { findOrganisationByKey } from '../orgs.ts';
import { countActiveJobs, pagesToday, reserveJobSlot } from '../quotas.ts';
import { usageSummary } from '../usage.ts';
import { getDelivery, listDeliveries, markForRedelivery } from '../webhooks/deliveries.ts';
import { deleteWebhookSetting, getWebhookSetting, putWebhookSetting } from '../webhooks/settings.ts';
import { addJob, endJob, hourMs, jobFields, type MakeDatabase, newOrg, useDatabase } from './fixtures.ts';

/** Every lookup, list, count and write of one organisation leaves another's rows alone. */
export function isolationContract(make: MakeDatabase) {
  describe('organisation isolation', () => {
    const db = useDatabase(make, 'isolation');
    let mine: Awaited<ReturnType<typeof newOrg>>;
    let theirs: Awaited<ReturnType<typeof newOrg>>;
    let theirDone: JobRecord;
    let theirQueued: JobRecord;
    let theirCase: CaseRecord;
    const theirExtractor = newExtractorId();
    let theirDelivery: string;
    const window = () => ({ from: new Date(Date.now() - hourMs), to: new Date(Date.now() + hourMs) });

    before(async () => {
      [mine, theirs] = [await newOrg(db(), 'mine'), await newOrg(db(), 'theirs')];
      await putWebhookSetting(db(), theirs.id, {
        url: 'https://theirs.test/hook',
        secret: 'whsec_dGhlaXJzLXNlY3JldC1vZi10d2VudHktZm91ci1ieXRlcw==',
        events: ['job.completed', 'job.cancelled'],
      });
      theirCase = await insertCase(db(), {
        id: newCaseId(),
        orgId: theirs.id,
        name: 't',
        description: null,
        metadata: {},
      });
      theirDone = await endJob(
        db(),
        await addJob(db(), theirs.id, { idempotencyKey: 'shared' }),
        'completed',
        {
          pages: 5,
        },
      );
      theirQueued = await addJob(db(), theirs.id, { caseId: theirCase.id });
      await insertDefinition(db(), {
        id: theirExtractor,
        orgId: theirs.id,
        kind: 'extractor',
        fields: { name: 't', description: null, prompt: null, engine: 'builtin', options: {}, spec: {} },
      });
      theirDelivery = (await listDeliveries(db(), theirs.id, {}, { limit: 1 })).deliveries[0]!.id;
      await addJob(db(), mine.id);
    });

    it('finds, lists, counts, moves and deletes none of another organisation’s jobs', async () => {
      assert.equal(await getJob(db(), mine.id, theirDone.id), null);
      assert.equal(await getJobByIdempotencyKey(db(), mine.id, 'shared'), null);
      assert.ok(
        await insertJob(db(), jobFields(mine.id, { idempotencyKey: 'shared' })),
        'keys are per organisation',
      );
      const list = await listJobs(db(), mine.id, {}, { limit: 50 });
      assert.deepEqual([list.total, list.jobs.every((job) => job.orgId === mine.id)], [2, true]);
      assert.equal(
        await moveJob(db(), theirQueued.id, 'cancelled', { finished: true }, { orgId: mine.id }),
        null,
      );
      assert.equal(await deleteTerminalJob(db(), mine.id, theirDone.id), false);
      assert.equal((await getJob(db(), theirs.id, theirQueued.id))?.status, 'queued');
      assert.ok(await getJob(db(), theirs.id, theirDone.id));
      const stats = await jobStats(db(), mine.id, window());
      assert.deepEqual([stats.totalJobs, stats.byStatus, stats.pages], [2, { queued: 2 }, 0]);
      await assert.rejects(
        insertJob(db(), jobFields(mine.id, { caseId: theirCase.id })),
        'not a case of mine',
      );
    });

    it('keeps cases, definitions, webhooks, usage and quotas to their organisation', async () => {
      assert.equal(await getCase(db(), mine.id, theirCase.id), null);
      assert.equal(await caseExists(db(), mine.id, theirCase.id), false);
      assert.equal((await listCases(db(), mine.id, { limit: 10 })).total, 0);
      assert.deepEqual(await deleteCaseWithJobs(db(), mine.id, theirCase.id), { outcome: 'not-found' });
      assert.equal((await getCase(db(), theirs.id, theirCase.id))?.jobCount, 1);

      assert.equal(
        await getDefinition(db(), mine.id, 'extractor', theirExtractor, { includeDeleted: true }),
        null,
      );
      assert.equal((await listDefinitions(db(), mine.id, 'extractor', { limit: 10 })).total, 0);
      assert.equal(
        await listVersions(db(), mine.id, 'extractor', theirExtractor, { limit: 5, offset: 0 }),
        null,
      );
      assert.equal(
        await updateDefinition(db(), mine.id, 'extractor', theirExtractor, (c) => ({ ...c, name: 'm' })),
        null,
      );
      assert.equal(await deleteDefinition(db(), mine.id, 'extractor', theirExtractor), false);
      assert.deepEqual((await getDefinition(db(), theirs.id, 'extractor', theirExtractor))?.name, 't');

      assert.equal(await getWebhookSetting(db(), mine.id), null);
      assert.equal(await deleteWebhookSetting(db(), mine.id), false);
      assert.ok(await getWebhookSetting(db(), theirs.id));
      await endJob(db(), await addJob(db(), mine.id), 'completed');
      assert.equal(
        (await listDeliveries(db(), mine.id, {}, { limit: 10 })).total,
        0,
        'not announced to their url',
      );
      assert.equal(await getDelivery(db(), mine.id, theirDelivery), null);
      assert.equal(await markForRedelivery(db(), mine.id, theirDelivery, `${db().schema}_webhooks`), false);
      assert.equal((await listDeliveries(db(), theirs.id, {}, { limit: 10 })).total, 1);

      const usage = await usageSummary(db(), mine.id, window());
      assert.deepEqual([usage.totals.jobs, usage.totals.pages], [1, 1]);
      assert.equal((await pagesToday(db(), mine.id)).pages, 1);
      const myActive = await countActiveJobs(db(), mine.id);
      assert.equal(await countActiveJobs(db(), theirs.id), 1);
      assert.deepEqual(await reserveJobSlot(db(), theirs.id, 'job_their_next', 2), {
        reserved: true,
        active: 1,
      });
      assert.equal(await countActiveJobs(db(), mine.id), myActive, 'their reservation is not mine');
      assert.deepEqual((await findOrganisationByKey(db(), theirs.key))?.id, theirs.id);
    });
  });
}
