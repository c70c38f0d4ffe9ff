import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newJobId } from '../src/core/ids.ts';
import { unknownCaseError } from '../src/services/cases.ts';
import { insertJob } from '../src/store/jobs/insert-job.ts';
import { makeTextPdf } from './fixtures.ts';
import { backends, type JobView, startTestDocjobs, submit, type TestDocjobs } from './harness.ts';

interface CaseView {
  id: string;
  name: string;
  description: string | null;
  metadata: Record<string, string>;
  createdAt: string;
  jobCount: number;
}

for (const backend of backends) {
  describe(`cases on ${backend}`, () => {
    let dj: TestDocjobs;
    // No worker: submitted jobs stay queued (not terminal) until cancelled, which these tests need.
    before(async () => {
      dj = await startTestDocjobs(backend, 'cases', {}, { worker: false });
    });
    after(async () => dj?.close());

    const createCase = async (payload: Record<string, unknown>, auth = dj.auth) => {
      const response = await dj.app.inject({ method: 'POST', url: '/v1/cases', headers: auth, payload });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as CaseView;
    };
    const cancel = (id: string) =>
      dj.app.inject({ method: 'POST', url: `/v1/jobs/${id}/cancel`, headers: dj.auth });

    it('creates, gets and lists cases newest first, in pages', async () => {
      const first = await createCase({
        name: 'Claim 2291',
        description: 'water damage',
        metadata: { ref: 'c-1' },
      });
      assert.match(first.id, /^case_[0-9a-z]{26}$/);
      assert.deepEqual(
        { ...first, id: undefined, createdAt: undefined },
        {
          id: undefined,
          createdAt: undefined,
          name: 'Claim 2291',
          description: 'water damage',
          metadata: { ref: 'c-1' },
          jobCount: 0,
        },
      );
      const second = await createCase({ name: 'Claim 2292' });
      const third = await createCase({ name: 'Claim 2293' });

      const got = await dj.app.inject({ url: `/v1/cases/${first.id}`, headers: dj.auth });
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), first);

      const page1 = (await dj.app.inject({ url: '/v1/cases?limit=2', headers: dj.auth })).json();
      assert.deepEqual(
        page1.cases.map((c: CaseView) => c.id),
        [third.id, second.id],
      );
      assert.equal(page1.hasMore, true);
      assert.ok(page1.total >= 3);
      const page2 = (
        await dj.app.inject({ url: `/v1/cases?limit=2&cursor=${page1.nextCursor}`, headers: dj.auth })
      ).json();
      assert.equal(page2.cases[0].id, first.id);
      const byOffset = (await dj.app.inject({ url: '/v1/cases?limit=1&offset=1', headers: dj.auth })).json();
      assert.equal(byOffset.cases[0].id, second.id);
    });

    it('refuses a case without a name, with unknown fields or too much metadata', async () => {
      for (const payload of [
        {},
        { name: '' },
        { name: 'x', colour: 'red' },
        { name: 'x', metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) },
      ]) {
        const response = await dj.app.inject({ method: 'POST', url: '/v1/cases', headers: dj.auth, payload });
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
      }
    });

    it("answers 404 for another organisation's case on every route, and keeps it out of their list", async () => {
      const mine = await createCase({ name: 'private' });
      for (const method of ['GET', 'DELETE'] as const) {
        const response = await dj.app.inject({ method, url: `/v1/cases/${mine.id}`, headers: dj.otherAuth });
        assert.equal(response.statusCode, 404, method);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
      const theirs = (await dj.app.inject({ url: '/v1/cases', headers: dj.otherAuth })).json();
      assert.equal(
        theirs.cases.some((c: CaseView) => c.id === mine.id),
        false,
      );
      const unknown = await dj.app.inject({ url: '/v1/cases/case_nothing', headers: dj.auth });
      assert.equal(unknown.statusCode, 404);
      // Still there for its owner: the foreign delete did nothing.
      assert.equal((await dj.app.inject({ url: `/v1/cases/${mine.id}`, headers: dj.auth })).statusCode, 200);
    });

    it("takes a submit's caseId only for a case of the same organisation (400 on the field otherwise)", async () => {
      const mine = await createCase({ name: 'inbox' });
      const job = await submit(dj, 'hello', 'a.txt', { caseId: mine.id });
      assert.equal(job.caseId, mine.id);
      const counted = (await dj.app.inject({ url: `/v1/cases/${mine.id}`, headers: dj.auth })).json();
      assert.equal(counted.jobCount, 1);

      const theirs = await createCase({ name: 'other org' }, dj.otherAuth);
      for (const caseId of [theirs.id, 'case_01jd2v0a4k5yq3m7r8s9t0v1w2']) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { document: Buffer.from('x').toString('base64'), fileName: 'x.txt', caseId },
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
        assert.equal(response.json().error.field, 'caseId');
      }
      await cancel(job.id);
    });

    it('maps the foreign key that closes the race with a case delete onto the same caseId answer', async () => {
      const org = (
        await dj.ctx.db.query<{ org_id: `org_${string}` }>('SELECT org_id FROM cases LIMIT 1')
      )[0]!;
      const error = await insertJob(dj.ctx.db, {
        id: newJobId(),
        orgId: org.org_id,
        type: 'parse',
        fileName: null,
        mimeType: null,
        sizeBytes: 0,
        documentKey: 'jobs/x/document',
        options: {},
        metadata: {},
        priority: 0,
        timeoutSeconds: 60,
        idempotencyKey: null,
        requestHash: null,
        reprocessedFrom: null,
        webhookUrl: null,
        caseId: 'case_gone',
        expiresAt: new Date(),
        task: null,
        extractor: null,
        dependsOn: [],
      }).then(
        () => null,
        (caught: unknown) => caught,
      );
      assert.ok(error, 'the insert must fail');
      const mapped = unknownCaseError(error, 'case_gone');
      assert.equal(mapped?.code, 'VALIDATION_ERROR');
      assert.deepEqual(mapped?.details, { field: 'caseId' });
    });

    it('deletes a case with its own jobs only, and refuses while one of them is not terminal', async () => {
      const doomed = await createCase({ name: 'doomed' });
      const spared = await createCase({ name: 'spared' });
      const inDoomed = [
        await submit(dj, makeTextPdf(['one']), 'one.pdf', { caseId: doomed.id }),
        await submit(dj, makeTextPdf(['two']), 'two.pdf', { caseId: doomed.id }),
      ];
      const inSpared = await submit(dj, makeTextPdf(['three']), 'three.pdf', { caseId: spared.id });
      const loose = await submit(dj, makeTextPdf(['four']), 'four.pdf');
      await cancel(inDoomed[0]!.id);

      // The second job is still queued: nothing is deleted, and the answer names it.
      const refused = await dj.app.inject({
        method: 'DELETE',
        url: `/v1/cases/${doomed.id}`,
        headers: dj.auth,
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().error.code, 'JOB_NOT_TERMINAL');
      assert.deepEqual(refused.json().error.jobIds, [inDoomed[1]!.id]);
      assert.equal(
        (await dj.app.inject({ url: `/v1/cases/${doomed.id}`, headers: dj.auth })).json().jobCount,
        2,
      );

      await cancel(inDoomed[1]!.id);
      const deleted = await dj.app.inject({
        method: 'DELETE',
        url: `/v1/cases/${doomed.id}`,
        headers: dj.auth,
      });
      assert.equal(deleted.statusCode, 200, deleted.body);
      assert.deepEqual(deleted.json(), { casesDeleted: 1, jobsDeleted: 2, errors: [] });
      for (const job of inDoomed) {
        assert.equal((await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth })).statusCode, 404);
        assert.equal(existsSync(join(dj.dataDir, 'blobs', 'jobs', job.id)), false);
      }
      assert.equal(
        (await dj.app.inject({ url: `/v1/cases/${doomed.id}`, headers: dj.auth })).statusCode,
        404,
      );

      // Only its own: the other case, its job and a case-less job are as they were.
      assert.equal(
        (await dj.app.inject({ url: `/v1/cases/${spared.id}`, headers: dj.auth })).json().jobCount,
        1,
      );
      for (const job of [inSpared, loose]) {
        const still = (
          await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth })
        ).json() as JobView;
        assert.equal(still.status, 'queued');
        assert.ok(existsSync(join(dj.dataDir, 'blobs', 'jobs', job.id, 'document')));
      }
      // A deleted case takes no more jobs.
      const late = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: dj.auth,
        payload: { document: Buffer.from('x').toString('base64'), fileName: 'x.txt', caseId: doomed.id },
      });
      assert.equal(late.statusCode, 400);
      await cancel(inSpared.id);
      await cancel(loose.id);
    });
  });
}
