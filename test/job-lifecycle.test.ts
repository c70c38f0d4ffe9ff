import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../src/engine/worker.ts';
import { failAbandonedJobs } from '../src/store/jobs/fail-abandoned-jobs.ts';
import { makeLongPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitFor, waitTerminal } from './harness.ts';

const longPdf = makeLongPdf(1500);

for (const backend of backends) {
  describe(`job lifecycle on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'lifecycle', { WORKER_CONCURRENCY: '1' });
    });
    after(async () => dj?.close());

    const get = async (id: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${id}`, headers: dj.auth })).json();

    it('reports progress while running and stops the work within 2 s of a cancel', async () => {
      const job = await submit(dj, longPdf, 'long.pdf');
      const running = await waitFor(async () => {
        const current = await get(job.id);
        return current.status === 'processing' && current.pagesDone > 0 ? current : null;
      });
      assert.equal(running.stage, 'parsing');
      assert.equal(running.pagesTotal, 1500);
      assert.ok(running.progress > 0 && running.progress < 100);
      const cancelledAt = Date.now();
      const response = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json().status, 'cancelled');
      assert.equal(response.json().error.code, 'CANCELLED');
      await waitFor(async () => dj.worker!.activeJobs() === 0, 10);
      const stoppedMs = Date.now() - cancelledAt;
      // The promise is 2 s; the margin is for this shared, noisy machine.
      assert.ok(stoppedMs < 5000, `work stopped ${stoppedMs} ms after the cancel`);
      const after = await get(job.id);
      assert.equal(after.status, 'cancelled');
      assert.notEqual(after.pagesDone, 1500);
      const again = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(again.statusCode, 409);
      const result = await dj.app.inject({ url: `/v1/jobs/${job.id}/result`, headers: dj.auth });
      assert.equal(result.statusCode, 409);
      // A cancelled job is terminal: it can be deleted.
      const deleted = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}`, headers: dj.auth });
      assert.equal(deleted.statusCode, 200);
    });

    it('refuses to delete a job that is not terminal', async () => {
      const job = await submit(dj, longPdf, 'long.pdf');
      const response = await dj.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}`, headers: dj.auth });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'JOB_NOT_TERMINAL');
      await dj.app.inject({ method: 'POST', url: `/v1/jobs/${job.id}/cancel`, headers: dj.auth });
      await waitFor(async () => dj.worker!.activeJobs() === 0, 10);
    });

    it('ends a job that outruns timeoutSeconds as timeout', async () => {
      const job = await submit(dj, longPdf, 'long.pdf', { timeoutSeconds: 1 });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'timeout');
      assert.equal(done.error?.code, 'TIMEOUT');
      assert.equal(done.error?.retryable, false);
      await waitFor(async () => dj.worker!.activeJobs() === 0, 10);
    });

    it('cancels a queued job before it starts', async () => {
      // The only fetch loop (WORKER_CONCURRENCY=1) is busy with the blocker, so the next job waits.
      const blocker = await submit(dj, longPdf, 'long.pdf');
      await waitFor(async () => (await get(blocker.id)).status === 'processing');
      const queued = await submit(dj, 'never parsed', 'q.txt');
      const response = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${queued.id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(response.json().status, 'cancelled');
      await dj.app.inject({ method: 'POST', url: `/v1/jobs/${blocker.id}/cancel`, headers: dj.auth });
      const later = await get(queued.id);
      assert.equal(later.status, 'cancelled');
      assert.equal(later.startedAt, null);
    });
  });

  describe(`transient failures on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'transient', { MAX_RETRIES: '2' }, { worker: false });
    });
    after(async () => dj?.close());

    it('retries with backoff (status retrying, retryCount up) and then completes', async () => {
      const job = await submit(dj, 'a document that cannot be read at first', 'flaky.txt');
      // A directory where the document should be: reading it fails with EISDIR, an unexpected error.
      const path = join(dj.dataDir, 'blobs', 'jobs', job.id, 'document');
      renameSync(path, `${path}.aside`);
      mkdirSync(path);
      const worker = await startWorker(dj.ctx, { concurrency: 1, batchSize: 2 });
      try {
        const retrying = await waitFor(async () => {
          const current = (await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth })).json();
          return current.status === 'retrying' ? current : null;
        });
        assert.equal(retrying.retryCount, 1);
        assert.equal(retrying.error.code, 'INTERNAL_ERROR');
        assert.equal(retrying.error.retryable, true);
        rmSync(path, { recursive: true });
        renameSync(`${path}.aside`, path);
        const done = await waitTerminal(dj, job.id);
        assert.equal(done.status, 'completed');
        assert.equal(done.retryCount, 1);
        assert.equal(done.error, null);
      } finally {
        await worker.stop();
      }
    });

    it('fails a job whose worker died on its last attempt, once the queue has given up on it', async () => {
      const job = await submit(dj, 'abandoned', 'abandoned.txt');
      const { db } = dj.ctx;
      // What a SIGKILL on the last attempt leaves: our row still processing, the queue's job failed.
      await db.query(
        "UPDATE jobs SET status = 'processing', attempt = 2, updated_at = now() - interval '1 minute' WHERE id = $1",
        [job.id],
      );
      assert.equal(await failAbandonedJobs(db), 0, 'the queue has not given up yet');
      await db.query(
        `UPDATE ${db.bossSchema}.job SET state = 'failed' WHERE id::text = (SELECT queue_job_id FROM jobs WHERE id = $1)`,
        [job.id],
      );
      assert.equal(await failAbandonedJobs(db), 1);
      const after = (await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth })).json();
      assert.equal(after.status, 'failed');
      assert.equal(after.error.code, 'INTERNAL_ERROR');
      assert.equal(await failAbandonedJobs(db), 0);
    });

    it('fails for good once the retries are used up', async () => {
      const job = await submit(dj, 'never readable', 'broken.txt');
      const path = join(dj.dataDir, 'blobs', 'jobs', job.id, 'document');
      rmSync(path);
      mkdirSync(path);
      const worker = await startWorker(dj.ctx, { concurrency: 1, batchSize: 2 });
      try {
        const done = await waitTerminal(dj, job.id, 120);
        assert.equal(done.status, 'failed');
        assert.equal(done.retryCount, dj.config.maxRetries);
      } finally {
        await worker.stop();
      }
    });
  });
}
