/**
 * Issue 15, items 4 and 7 on a real multi-page OCR job: a job stopped by a worker's shutdown
 * hands back at a page boundary, keeps the pages it read, and the next worker reads only the rest
 * (the result as an uninterrupted run's, usage counting each page once); and its progress follows
 * the work, parsing then OCR page by page, without ever going back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorker, type Worker } from '../src/engine/worker.ts';
import { scannedPagesPdf } from '../src/pipeline/ocr/testing/scanned-pages.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitFor, waitTerminal } from './harness.ts';
import { SseClient } from './sse-client.ts';

const pageCount = 8;
const pdf = await scannedPagesPdf(pageCount);
const force = { options: { ocr: 'force' } };

interface Trace {
  attempt: number;
  stages: { stage: string; passes?: { mode: string; pages: number; reusedPages?: number[] }[] }[];
}

for (const backend of backends) {
  describe(`Page checkpoints on ${backend}`, () => {
    let dj: TestDocjobs;
    let base: string;
    let worker: Worker | null = null;
    const startOne = async () => {
      worker = await startWorker(dj.ctx, { concurrency: 2, batchSize: 1 });
    };
    const get = async (path: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${path}`, headers: dj.auth })).json();
    const checkpointed = async (id: string) =>
      (
        await dj.ctx.db.query<{ page: number }>(
          'SELECT page FROM page_checkpoints WHERE job_id = $1 ORDER BY page',
          [id],
        )
      ).map((row) => row.page);

    before(async () => {
      dj = await startTestDocjobs(backend, 'page-checkpoints', {}, { worker: false });
      base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
      await startOne();
    });
    after(async () => {
      await worker?.stop({ graceMs: 2000 });
      await dj?.close();
    });

    it('resumes a job handed back at shutdown at its first unread page: same result, pages counted once', async () => {
      const whole = await waitTerminal(dj, (await submit(dj, pdf, 'whole.pdf', force)).id, 300);
      assert.equal(whole.status, 'completed', JSON.stringify(whole.error));
      const wholeResult = await get(`${whole.id}/result`);

      const job = await submit(dj, pdf, 'stopped.pdf', force);
      await waitFor(async () => {
        const seen = await get(job.id);
        return seen.stage === 'ocr' && seen.pagesDone >= 2;
      }, 300);
      // A grace far longer than the job: stop() returns only because the job stops at a page.
      await worker!.stop({ graceMs: 3_600_000 });
      worker = null;
      const waiting = await get(job.id);
      assert.equal(waiting.status, 'queued', 'handed back, not failed');
      assert.equal(waiting.retryCount, 0);
      const kept = await checkpointed(job.id);
      assert.ok(kept.length >= 2 && kept.length < pageCount, `pages kept at the stop: ${kept}`);

      await startOne();
      const done = await waitTerminal(dj, job.id, 300);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      assert.deepEqual(await get(`${job.id}/result`), wholeResult, 'as if never stopped');
      const trace = (await get(`${job.id}/trace`)) as Trace;
      assert.equal(trace.attempt, 1);
      const pass = trace.stages.find((stage) => stage.stage === 'ocr')!.passes![0]!;
      assert.deepEqual(pass.reusedPages, kept, 'the trace names the pages reused');
      assert.equal(pass.pages, pageCount);

      assert.deepEqual(await checkpointed(job.id), [], 'checkpoints go when the job ends');
      const [usage] = await dj.ctx.db.query<{ pages: number; credits: number }>(
        'SELECT pages, credits FROM usage_records WHERE job_id = $1',
        [job.id],
      );
      assert.deepEqual(usage, { pages: pageCount, credits: pageCount }, 'each page counted once');
      assert.equal(done.pagesDone, pageCount);
    });

    it('shows progress that follows the work: parsing, then OCR page by page, never back, 100 at the end', async () => {
      // Watched from before any worker takes it, so that no stage goes unseen.
      await worker?.stop();
      const job = await submit(dj, pdf, 'watched.pdf', force);
      const client = await SseClient.open(`${base}/v1/jobs/${job.id}/events`, dj.auth);
      try {
        await client.waitFor((e) => e.event === 'state' && e.data.status === 'queued');
        await startOne();
        await client.ended;
      } finally {
        client.close();
      }
      const events = client.events.filter((e) => ['stage', 'pages', 'progress', 'status'].includes(e.event));
      const last = client.events.findLast((e) => e.event === 'status')!.data;
      assert.equal(last.status, 'completed', JSON.stringify(last.error));

      // The stage moves to ocr before OCR's first page is read, and never back; null at the end.
      const stages = events.filter((e) => e.event === 'stage').map((e) => e.data.stage);
      assert.deepEqual(stages, ['parsing', 'ocr', null], `stages: ${stages}`);
      const ocrAt = events.findIndex((e) => e.event === 'stage' && e.data.stage === 'ocr');
      const firstPageAt = events.findIndex((e) => e.event === 'pages' && e.data.pagesDone > 0);
      assert.ok(ocrAt < firstPageAt, 'ocr shown while its first page is read');

      const pages = events.filter((e) => e.event === 'pages').map((e) => e.data.pagesDone as number);
      assert.deepEqual(
        pages,
        [...pages].sort((a, b) => a - b),
        `pagesDone never goes back: ${pages}`,
      );
      assert.equal(pages.at(-1), pageCount);
      assert.ok(new Set(pages.filter((p) => p > 0 && p < pageCount)).size >= 2, `OCR page by page: ${pages}`);

      const progress = events.filter((e) => e.event === 'progress').map((e) => e.data.progress as number);
      assert.deepEqual(
        progress,
        [...progress].sort((a, b) => a - b),
        `progress never goes back: ${progress}`,
      );
      assert.equal(progress.at(-1), 100);
      assert.equal(progress.filter((p) => p === 100).length, 1, 'reaching 100 only at the end');

      // Under `ocr: force` a page is done when OCR has read it: none while the stage is parsing.
      let stage = 'queued';
      for (const event of events) {
        if (event.event === 'stage') stage = event.data.stage ?? stage;
        if (event.event === 'pages' && stage === 'parsing') assert.equal(event.data.pagesDone, 0);
      }
    });
  });
}
