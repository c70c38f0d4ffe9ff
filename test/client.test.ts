import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  Docjobs,
  DocjobsError,
  type Job,
  JobFailedError,
  QualityGateError,
  WaitTimeoutError,
} from '../packages/client/src/index.ts';
import { startTestDocjobs, type TestDocjobs } from './harness.ts';

// The client speaks HTTP only: one backend is enough (the server's own suites cover both).
describe('@docjobs/client against a real server', () => {
  let dj: TestDocjobs;
  let client: Docjobs;
  let dir: string;

  before(async () => {
    // The worker starts in the test that needs it: the first ones see jobs stay queued.
    dj = await startTestDocjobs('pglite', 'client', {}, { deferWorker: true });
    const base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
    client = new Docjobs({ baseUrl: base, apiKey: dj.key });
    dir = mkdtempSync(join(tmpdir(), 'docjobs-client-'));
  });
  // Every test but the first runs jobs (the same promise each call).
  beforeEach(async (t) => {
    if (!t.name.startsWith('waits until timeoutMs')) await dj.startWorkerSide();
  });
  after(async () => {
    await dj?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits until timeoutMs, then throws WaitTimeoutError with the job as last seen; cancel ends it', async () => {
    const job = await client.submit({ file: new TextEncoder().encode('never run'), fileName: 'a.txt' });
    assert.equal(job.status, 'queued');
    const seen: Job[] = [];
    await assert.rejects(client.wait(job, { timeoutMs: 1500, onProgress: (j) => seen.push(j) }), (error) => {
      assert.ok(error instanceof WaitTimeoutError);
      assert.equal(error.job.id, job.id);
      assert.equal(error.job.status, 'queued');
      return true;
    });
    assert.equal(seen[0]?.status, 'queued', 'onProgress had the state event');
    const aborted = new AbortController();
    const waiting = client.wait(job, { signal: aborted.signal });
    aborted.abort();
    await assert.rejects(waiting, (error) => error instanceof DocjobsError && error.code === 'ABORTED');
    assert.equal((await client.cancel(job)).status, 'cancelled');
    assert.equal((await client.wait(job)).status, 'cancelled');
  });

  it('submits bytes, a Blob, a file path, a stream and a URL the client fetches', async () => {
    const path = join(dir, 'from-disk.txt');
    writeFileSync(path, 'A document read from disk.');
    const site = createServer((_req, res) => res.end('A document behind a URL.'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(site.address() as { port: number }).port}/remote.txt`);
    try {
      const inputs = [
        { file: Buffer.from('A document from a Buffer.'), fileName: 'buffer.txt' },
        { file: new Blob(['A document from a Blob.']), fileName: 'blob.txt' },
        { file: path },
        { file: new Blob(['A document from a stream.']).stream(), fileName: 'stream.txt' },
        { file: url, urlFetch: 'client' as const },
      ];
      const jobs = await Promise.all(
        inputs.map((input) => client.submitAndWait({ ...input, metadata: { via: 'kinds' } })),
      );
      assert.deepEqual(
        jobs.map((job) => [job.status, job.fileName]),
        [
          ['completed', 'buffer.txt'],
          ['completed', 'blob.txt'],
          ['completed', 'from-disk.txt'],
          ['completed', 'stream.txt'],
          ['completed', 'remote.txt'],
        ],
      );
      const texts = await Promise.all(jobs.map((job) => client.result(job, { format: 'text' })));
      assert.match(texts[2]!, /read from disk/);
      assert.match(texts[3]!, /from a stream/);
      assert.match(texts[4]!, /behind a URL/);
    } finally {
      site.close();
    }
  });

  it('reads results as typed JSON, as text and as a stream', async () => {
    const job = await client.submitAndWait({
      file: Buffer.from('# Title\n\nSome words.'),
      fileName: 'r.md',
      type: 'parse',
    });
    const result = await client.result(job);
    assert.ok(Array.isArray(result.pages));
    assert.match(result.pages?.[0]?.text ?? '', /Some words/);
    assert.match(await client.result(job, { format: 'markdown' }), /Title/);
    const stream = await client.result(job, { format: 'text', as: 'stream' });
    assert.match(await new Response(stream).text(), /Some words/);
  });

  it('gives the same job for a repeated Idempotency-Key, and a new one without', async () => {
    const input = { file: Buffer.from('same'), fileName: 'same.txt', idempotencyKey: 'client-test-1' };
    const [a, b] = [await client.submit(input), await client.submit(input)];
    assert.equal(a.id, b.id);
    const { idempotencyKey: _, ...unkeyed } = input;
    assert.notEqual((await client.submit(unkeyed)).id, a.id);
  });

  it('lists every matching job across pages', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++)
      ids.add(
        (
          await client.submit({
            file: Buffer.from(`page ${i}`),
            fileName: `p${i}.txt`,
            metadata: { batch: 'paging' },
          })
        ).id,
      );
    const listed: string[] = [];
    for await (const job of client.list({ metadata: { batch: 'paging' }, limit: 2 })) listed.push(job.id);
    assert.equal(listed.length, 5);
    assert.deepEqual(new Set(listed), ids);
    const page = await client.listPage({ metadata: { batch: 'paging' }, limit: 2 });
    assert.equal(page.jobs.length, 2);
    assert.equal(page.hasMore, true);
  });

  it('throws DocjobsError with code, status, field and requestId', async () => {
    await assert.rejects(client.get('job_nope'), (error) => {
      assert.ok(error instanceof DocjobsError);
      assert.equal(error.code, 'NOT_FOUND');
      assert.equal(error.status, 404);
      assert.match(error.requestId ?? '', /^req_/);
      return true;
    });
    await assert.rejects(
      client.submit({ file: Buffer.from('x'), fileName: 'x.txt', priority: 1000 }),
      (error) => {
        assert.ok(error instanceof DocjobsError);
        assert.equal(error.code, 'VALIDATION_ERROR');
        assert.equal(error.status, 400);
        assert.equal(error.field, 'priority');
        return true;
      },
    );
    const stranger = new Docjobs({ baseUrl: client.baseUrl, apiKey: 'wrong' });
    await assert.rejects(stranger.stats(), (error) => error instanceof DocjobsError && error.status === 401);
  });

  it('follows events to the end of a job, and throws JobFailedError for a job that fails', async () => {
    const job = await client.submit({ file: Buffer.from('watched'), fileName: 'w.txt' });
    const names: string[] = [];
    for await (const event of client.events({ jobId: job.id })) {
      assert.equal(event.data.id, job.id);
      names.push(event.event);
    }
    assert.equal(names[0], 'state');
    assert.equal(names.at(-1), 'end');
    await assert.rejects(
      client.submitAndWait({ file: Buffer.from([0, 1, 2, 3, 255, 254]), fileName: 'junk.bin' }),
      (error) => error instanceof JobFailedError && error.job.status === 'failed',
    );
  });

  it('gates on quality: passes, retries with stronger OCR, or throws QualityGateError', async () => {
    const input = { file: Buffer.from('Plain clean text for the quality gate.'), fileName: 'q.txt' };
    const passed = await client.submitWithQualityGate(input, { minQuality: 0 });
    assert.equal(passed.passed, true);
    assert.equal(passed.attempts.length, 1);
    // A parse job has no extraction confidence: a confidence gate fails every attempt.
    await assert.rejects(client.submitWithQualityGate(input, { minConfidence: 0.5 }), (error) => {
      assert.ok(error instanceof QualityGateError);
      assert.equal(error.code, 'QUALITY_GATE');
      assert.equal(error.attempts.length, 3);
      const ocr = error.attempts.map(({ options }) => [options?.ocr, options?.ocrMode, options?.ocrEngine]);
      assert.deepEqual(ocr, [
        ['auto', 'standard', 'auto'],
        ['force', 'premium', 'auto'],
        ['force', 'premium', 'tesseract'],
      ]);
      return true;
    });
    const best = await client.submitWithQualityGate(input, {
      minConfidence: 0.5,
      escalation: [],
      returnBest: true,
    });
    assert.equal(best.passed, false);
    assert.equal(best.attempts.length, 1);
  });

  it('retries, deletes, runs bulk actions, counts stats and usage, exports', async () => {
    const job = await client.submitAndWait({
      file: Buffer.from('again'),
      fileName: 'again.txt',
      metadata: { batch: 'ops' },
    });
    const again = await client.retry(job);
    assert.equal(again.reprocessedFrom, job.id);
    await client.wait(again);
    const stats = await client.stats({ period: '24h' });
    assert.ok((stats.totalJobs ?? 0) >= 2);
    assert.ok(((await client.usage({ period: '24h' })).totals?.jobs ?? 0) >= 1);
    const csv = await new Response(await client.export({ metadata: { batch: 'ops' } })).text();
    assert.match(csv, new RegExp(job.id));
    assert.deepEqual(await client.delete(job), { jobsDeleted: 1, errors: [] });
    const bulk = await client.bulk('delete', { ids: [again.id] });
    assert.equal(bulk.succeeded, 1);
    await assert.rejects(
      client.get(job),
      (error) => error instanceof DocjobsError && error.code === 'NOT_FOUND',
    );
  });

  it('searches chunks', async () => {
    const job = await client.submitAndWait({
      file: Buffer.from('# Turbines\n\nThe wind turbine blades are inspected every spring.'),
      fileName: 'turbines.md',
      type: 'chunk',
    });
    const found = await client.search({ query: 'turbine blades', mode: 'fulltext' });
    assert.equal(found.data?.[0]?.jobId, job.id);
  });

  it('manages extractors, classifiers and cases', async () => {
    const extractor = await client.extractors.create({
      name: 'invoice',
      schema: { type: 'object', properties: { total: { type: 'number' } } },
    });
    assert.equal((await client.extractors.get(extractor.id!)).name, 'invoice');
    const listed = [];
    for await (const item of client.extractors.list()) listed.push(item);
    assert.equal(listed.length, 1);
    const classifier = await client.classifiers.create({
      name: 'kinds',
      categories: [{ name: 'invoice' }, { name: 'letter' }],
    });
    assert.equal(
      (await client.classifiers.update(classifier.id!, { description: 'two kinds' })).description,
      'two kinds',
    );
    const kase = await client.cases.create({ name: 'claim 7' });
    await client.submitAndWait({ file: Buffer.from('kept'), fileName: 'kept.txt', caseId: kase.id });
    assert.equal((await client.cases.get(kase.id!)).jobCount, 1);
    assert.equal((await client.cases.delete(kase.id!)).jobsDeleted, 1);
  });
});
