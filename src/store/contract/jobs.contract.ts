import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newJobId } from '../../core/ids.ts';
import { jobStatuses, moves } from '../../core/job-status.ts';
import { completeJobs } from '../jobs/complete-jobs.ts';
import { deleteTerminalJob } from '../jobs/delete-job.ts';
import { getJob, getJobByIdempotencyKey } from '../jobs/get-job.ts';
import { insertJob, setQueueJobId } from '../jobs/insert-job.ts';
import { claimJobs, moveJob, moveJobs, reportProgress } from '../jobs/move-job.ts';
import {
  addJob,
  failure,
  forceStatus,
  jobFields,
  type MakeDatabase,
  newOrg,
  useDatabase,
} from './fixtures.ts';

/** jobs: insert and read, the guarded moves of the state table, claims, progress, completion, delete. */
export function jobsContract(make: MakeDatabase) {
  describe('jobs', () => {
    const db = useDatabase(make, 'jobs');

    it('inserts a queued job and reads every field back as written', async () => {
      const org = await newOrg(db());
      const expiresAt = new Date('2031-05-06T07:08:09.123Z');
      // json, not jsonb (migration 0010): the schema's property order is the CSV's column order.
      const schema = { type: 'object', properties: { zeta: { type: 'string' }, alpha: { type: 'number' } } };
      const fields = jobFields(org.id, {
        type: 'extract',
        sizeBytes: 5_000_000_000, // past 2^32: a bigint both drivers must hand back whole
        options: { ocr: 'auto', pages: [1, 2] },
        metadata: { customer: 'c-1', batch: '7' },
        priority: 5,
        timeoutSeconds: 120,
        idempotencyKey: 'submit-1',
        requestHash: 'hash-1',
        webhookUrl: 'https://example.test/hook',
        expiresAt,
        task: {
          kind: 'extract',
          schema,
          prompt: null,
          engine: 'builtin',
          extractor: { id: 'ext_a', version: 2 },
        },
        extractor: { id: 'ext_a', version: 2 },
      });
      const inserted = await insertJob(db(), fields);
      assert.ok(inserted);
      assert.equal(inserted.status, 'queued');
      assert.equal(inserted.sizeBytes, 5_000_000_000);
      assert.equal(inserted.expiresAt, expiresAt.toISOString());
      assert.deepEqual(inserted.metadata, { customer: 'c-1', batch: '7' });
      assert.deepEqual(inserted.options, { ocr: 'auto', pages: [1, 2] });
      assert.deepEqual(
        Object.keys((inserted.task as unknown as { schema: typeof schema }).schema.properties),
        ['zeta', 'alpha'],
      );
      assert.deepEqual([inserted.extractorId, inserted.extractorVersion], ['ext_a', 2]);
      assert.deepEqual(
        [inserted.progress, inserted.attempt, inserted.retryCount, inserted.llmTokens],
        [0, -1, 0, 0],
      );
      assert.deepEqual([inserted.startedAt, inserted.completedAt, inserted.waitingFor], [null, null, null]);
      assert.match(inserted.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(inserted.queueJobId ?? '', /^[0-9a-f-]{36}$/, 'a job without parents gets its message id');
      assert.deepEqual(await getJob(db(), org.id, inserted.id), inserted);

      await setQueueJobId(db(), inserted.id, 'queue-message-2');
      assert.equal((await getJob(db(), org.id, inserted.id))?.queueJobId, 'queue-message-2');
      assert.equal(await getJob(db(), org.id, newJobId()), null);
    });

    it('answers null for a second job under the same idempotency key, and finds the first by it', async () => {
      const org = await newOrg(db());
      const first = await addJob(db(), org.id, { idempotencyKey: 'once' });
      assert.equal(await insertJob(db(), jobFields(org.id, { idempotencyKey: 'once' })), null);
      assert.equal((await getJobByIdempotencyKey(db(), org.id, 'once'))?.id, first.id);
      assert.equal(await getJobByIdempotencyKey(db(), org.id, 'never'), null);
      // No key: any number of jobs.
      await addJob(db(), org.id);
      await addJob(db(), org.id);
    });

    it('moves a job from every status to every status exactly when the state table allows it', async () => {
      const org = await newOrg(db());
      const pairs = jobStatuses.flatMap((from) => jobStatuses.map((to) => ({ from, to })));
      const refused: string[] = [];
      for (const { from, to } of pairs) {
        const job = await addJob(db(), org.id);
        await forceStatus(db(), job.id, from);
        const moved = await moveJob(db(), job.id, to, {});
        const allowed = moves[from].includes(to);
        assert.equal(moved?.status ?? null, allowed ? to : null, `${from} → ${to}`);
        if (!allowed) {
          refused.push(`${from}→${to}`);
          assert.equal(
            (await getJob(db(), org.id, job.id))?.status,
            from,
            `a refused ${from} → ${to} changes nothing`,
          );
        }
      }
      assert.ok(refused.length > 40, 'most pairs are refused');
    });

    it('stamps the start once, counts retries, and lets only the claiming attempt finish', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      const started = await moveJob(db(), job.id, 'processing', { attempt: 1, stage: 'parsing' });
      assert.ok(started?.startedAt);
      assert.deepEqual([started.attempt, started.stage], [1, 'parsing']);
      const retrying = await moveJob(db(), job.id, 'retrying', {
        incrementRetryCount: true,
        error: failure(),
      });
      assert.deepEqual([retrying?.retryCount, retrying?.error], [1, failure()]);
      const again = await moveJob(db(), job.id, 'processing', { attempt: 2, error: null });
      assert.equal(again?.startedAt, started.startedAt, 'started_at is kept from the first start');
      assert.equal(again?.error, null);

      assert.equal(
        await moveJob(db(), job.id, 'failed', { finished: true }, { attempt: 1 }),
        null,
        'stale attempt',
      );
      const failed = await moveJob(
        db(),
        job.id,
        'failed',
        { finished: true, error: failure() },
        { attempt: 2 },
      );
      assert.equal(failed?.status, 'failed');
      assert.ok(failed?.completedAt);
      assert.ok(typeof failed?.processingMs === 'number' && failed.processingMs >= 0);
      assert.equal(await moveJob(db(), job.id, 'processing', { attempt: 3 }), null, 'a terminal job stays');
    });

    it('moves several jobs in one transaction and answers move by move', async () => {
      const org = await newOrg(db());
      const [a, b, c] = [await addJob(db(), org.id), await addJob(db(), org.id), await addJob(db(), org.id)];
      const answers = await moveJobs(db(), [
        { id: a.id, to: 'processing', fields: { attempt: 1 }, guard: {} },
        { id: b.id, to: 'completed', fields: {}, guard: {} },
        { id: c.id, to: 'cancelled', fields: { finished: true }, guard: { orgId: org.id } },
      ]);
      assert.deepEqual(answers, [true, false, true]);
      const statuses = await Promise.all(
        [a, b, c].map(async (j) => (await getJob(db(), org.id, j.id))?.status),
      );
      assert.deepEqual(statuses, ['processing', 'queued', 'cancelled']);
      assert.deepEqual(await moveJobs(db(), [{ id: b.id, to: 'processing', fields: {}, guard: {} }]), [true]);
    });

    it('claims queued jobs, and a processing job again only for a newer attempt', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      const done = await addJob(db(), org.id);
      await forceStatus(db(), done.id, 'completed');
      const [claimed, ...rest] = await claimJobs(db(), [
        { id: job.id, attempt: 1 },
        { id: done.id, attempt: 1 },
      ]);
      assert.equal(rest.length, 0, 'a completed job is not claimed');
      assert.deepEqual(
        [claimed?.id, claimed?.status, claimed?.attempt, claimed?.stage],
        [job.id, 'processing', 1, 'parsing'],
      );
      assert.deepEqual(await claimJobs(db(), [{ id: job.id, attempt: 1 }]), [], 'the same attempt twice');
      await reportProgress(db(), job.id, 1, { progress: 30 });
      const [reclaimed] = await claimJobs(db(), [{ id: job.id, attempt: 2 }]);
      assert.deepEqual(
        [reclaimed?.attempt, reclaimed?.progress, reclaimed?.startedAt],
        [2, 0, claimed?.startedAt],
      );
      assert.deepEqual(await claimJobs(db(), [{ id: job.id, attempt: 1 }]), [], 'an older attempt');
      assert.deepEqual(await claimJobs(db(), []), []);
    });

    it('writes progress only for the attempt that owns the job, keeping what is not given', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      await claimJobs(db(), [{ id: job.id, attempt: 2 }]);
      await reportProgress(db(), job.id, 1, { progress: 90, pagesDone: 9 });
      assert.deepEqual(await progressOf(job.id), [0, 0, null, 'parsing']);
      await reportProgress(db(), job.id, 2, { progress: 42.6, pagesDone: 3, pagesTotal: 10, stage: 'ocr' });
      assert.deepEqual(await progressOf(job.id), [43, 3, 10, 'ocr']);
      await reportProgress(db(), job.id, 2, { pagesDone: 4 });
      assert.deepEqual(await progressOf(job.id), [43, 4, 10, 'ocr']);

      async function progressOf(id: typeof job.id) {
        const j = await getJob(db(), org.id, id);
        return [j?.progress, j?.pagesDone, j?.pagesTotal, j?.stage];
      }
    });

    it('completes, in one statement, only processing jobs under the attempt that claimed them', async () => {
      const org = await newOrg(db());
      const [mine, reclaimed, queued] = [
        await addJob(db(), org.id, { mimeType: 'image/png' }),
        await addJob(db(), org.id),
        await addJob(db(), org.id),
      ];
      await claimJobs(db(), [
        { id: mine.id, attempt: 1 },
        { id: reclaimed.id, attempt: 2 },
      ]);
      const completion = (id: typeof mine.id, status: 'completed' | 'partial' = 'completed') => ({
        id,
        attempt: 1,
        resultKey: `results/${id}`,
        pages: 4,
        mimeType: null,
        fileKind: 'image',
        status,
        error: status === 'partial' ? failure('page 3 unreadable') : null,
        qualityScore: 0.72,
        minConfidence: 0.5,
        llmTokens: 321,
        trace: { stages: [{ name: 'ocr', ms: 12 }] },
      });
      assert.deepEqual(
        await completeJobs(db(), [
          completion(mine.id, 'partial'),
          completion(reclaimed.id),
          completion(queued.id),
        ]),
        [true, false, false],
      );
      const done = await getJob(db(), org.id, mine.id);
      assert.deepEqual(
        [done?.status, done?.stage, done?.progress, done?.pagesDone, done?.pagesTotal, done?.resultKey],
        ['partial', null, 100, 4, 4, `results/${mine.id}`],
      );
      assert.deepEqual(
        [done?.qualityScore, done?.qualityCategory, done?.minConfidence],
        [0.72, 'Confident', 0.5],
      );
      assert.deepEqual([done?.llmTokens, done?.mimeType, done?.fileKind], [321, 'image/png', 'image']);
      assert.deepEqual(
        [done?.error, done?.trace],
        [failure('page 3 unreadable'), { stages: [{ name: 'ocr', ms: 12 }] }],
      );
      assert.ok(done?.completedAt && typeof done.processingMs === 'number');
      assert.equal((await getJob(db(), org.id, reclaimed.id))?.status, 'processing');
      assert.equal((await getJob(db(), org.id, queued.id))?.status, 'queued');
      assert.deepEqual(await completeJobs(db(), []), []);
    });

    it('deletes a job only once it is terminal', async () => {
      const org = await newOrg(db());
      const job = await addJob(db(), org.id);
      assert.equal(await deleteTerminalJob(db(), org.id, job.id), false);
      assert.ok(await getJob(db(), org.id, job.id), 'a queued job stays');
      await moveJob(db(), job.id, 'cancelled', { finished: true });
      assert.equal(await deleteTerminalJob(db(), org.id, job.id), true);
      assert.equal(await getJob(db(), org.id, job.id), null);
      assert.equal(await deleteTerminalJob(db(), org.id, job.id), false, 'already gone');
    });
  });
}
