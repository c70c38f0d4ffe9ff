import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorker } from '../src/engine/worker.ts';
import { handBackJob } from '../src/services/run-messages.ts';
import { attemptsSoFar, type RunMessage, runQueue } from '../src/store/queue.ts';
import { makeLongPdf, makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitFor,
  waitTerminal,
} from './harness.ts';

interface Message {
  id: string;
  state: string;
  data: RunMessage;
  retry_limit: number;
  output: unknown;
}

/** The run queue's messages of a job, oldest first, and the one its row points at. */
async function messagesOf(dj: TestDocjobs, jobId: string) {
  const messages = await dj.ctx.db.query<Message>(
    `SELECT id::text, state, data, retry_limit, output FROM ${dj.ctx.db.bossSchema}.job
     WHERE name = $1 AND data->>'jobId' = $2 ORDER BY created_on`,
    [runQueue, jobId],
  );
  const [row] = await dj.ctx.db.query<{ queue_job_id: string }>(
    'SELECT queue_job_id FROM jobs WHERE id = $1',
    [jobId],
  );
  return { messages, current: row!.queue_job_id };
}

const getJob = async (dj: TestDocjobs, id: string) =>
  (await dj.app.inject({ url: `/v1/jobs/${id}`, headers: dj.auth })).json() as JobView;

for (const backend of backends) {
  describe(`jobs handed back at shutdown on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'handback', { MAX_RETRIES: '0', WORKER_CONCURRENCY: '1' });
    });
    after(async () => dj?.close());

    it('go back to queued under a new message; the old one completes, and no retry is spent', async () => {
      const job = await submit(dj, makeLongPdf(600), 'long.pdf');
      await waitFor(async () => {
        const seen = await getJob(dj, job.id);
        return seen.status === 'processing' && (seen.pagesDone as number) > 0;
      });
      await dj.worker!.stop({ graceMs: 0 });

      const waiting = await getJob(dj, job.id);
      assert.equal(waiting.status, 'queued');
      assert.equal(waiting.retryCount, 0);
      assert.equal(waiting.error, null);
      const { messages, current } = await messagesOf(dj, job.id);
      assert.deepEqual(
        messages.map(({ state, data, retry_limit, output }) => ({ state, data, retry_limit, output })),
        [
          { state: 'completed', data: { jobId: job.id }, retry_limit: 0, output: { handedBack: true } },
          // Attempt 1 next (attempt 0 was stopped), no retries used, none left to pg-boss (MAX_RETRIES=0).
          {
            state: 'created',
            data: { jobId: job.id, attempts: 1, retries: 0 },
            retry_limit: 0,
            output: null,
          },
        ],
      );
      assert.equal(current, messages[1]!.id, 'a cancel reaches the new message');

      const next = await startWorker(dj.ctx, { concurrency: 1, batchSize: dj.config.workerBatchSize });
      try {
        const done = await waitTerminal(dj, job.id, 120);
        assert.equal(done.status, 'completed', JSON.stringify(done.error));
        assert.equal(done.retryCount, 0);
        const trace = (await dj.app.inject({ url: `/v1/jobs/${job.id}/trace`, headers: dj.auth })).json();
        assert.equal(trace.attempt, 1);
      } finally {
        await next.stop();
      }
    });
  });

  describe(`handBackJob on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'handback-retries', { MAX_RETRIES: '3' }, { worker: false });
    });
    after(async () => dj?.close());

    it('carries the attempts and the retries used on, and moves only the attempt that owns the row', async () => {
      const job = await submit(dj, makeTextPdf(['Handed back twice']), 'a.pdf');
      const first = (await messagesOf(dj, job.id)).current;
      // As a worker on its third attempt (two retries spent) holds it.
      await dj.ctx.db.query(`UPDATE jobs SET status = 'processing', attempt = 2 WHERE id = $1`, [job.id]);
      const owner = { id: job.id as `job_${string}`, priority: 0, timeoutSeconds: 600 };
      assert.equal(await handBackJob(dj.ctx, owner, { attempt: 1, retries: 1 }), false, 'an older attempt');
      assert.equal((await getJob(dj, job.id)).status, 'processing');
      assert.equal(await handBackJob(dj.ctx, owner, { attempt: 2, retries: 2 }), true);

      const waiting = await getJob(dj, job.id);
      assert.equal(waiting.status, 'queued');
      assert.equal(waiting.retryCount, 0, 'the retries column is the user-visible count: untouched');
      const { messages, current } = await messagesOf(dj, job.id);
      const handedBack = messages.find((message) => message.id === current)!;
      assert.notEqual(current, first);
      assert.deepEqual(handedBack.data, { jobId: job.id, attempts: 3, retries: 2 });
      assert.equal(handedBack.retry_limit, 1, 'the one retry MAX_RETRIES=3 leaves');
      assert.deepEqual(attemptsSoFar(handedBack.data, 0), { attempt: 3, retries: 2 });
      assert.deepEqual(attemptsSoFar(handedBack.data, 1), { attempt: 4, retries: 3 });
      assert.deepEqual(attemptsSoFar({ jobId: job.id }, 2), { attempt: 2, retries: 2 });

      // The first message was settled by the worker that handed the job back; here, by hand.
      await dj.ctx.queue.cancel(runQueue, first);
      const worker = await startWorker(dj.ctx, { concurrency: 1, batchSize: dj.config.workerBatchSize });
      try {
        const done = await waitTerminal(dj, job.id);
        assert.equal(done.status, 'completed', JSON.stringify(done.error));
        const trace = (await dj.app.inject({ url: `/v1/jobs/${job.id}/trace`, headers: dj.auth })).json();
        assert.equal(trace.attempt, 3);
      } finally {
        await worker.stop();
      }
    });
  });
}
