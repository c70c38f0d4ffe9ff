import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { scannedPageLines, scannedPagesPdf } from '../src/pipeline/ocr/testing/scanned-pages.ts';
import { makeLongPdf } from './fixtures.ts';
import { backends, dropSchemas } from './harness.ts';
import { freePort, type RunningProcess, runDocjobs, stop, waitForOutput } from './processes.ts';

const key = 'crash-test-key-0123456789abcdef';
const terminal = new Set(['completed', 'partial', 'failed', 'timeout', 'cancelled']);

for (const backend of backends) {
  describe(`a worker killed with SIGKILL on ${backend}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'docjobs-crash-'));
    const schema = `t_crash_${process.pid}`;
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: backend === 'postgres' ? process.env.DATABASE_URL! : '',
      DATABASE_SCHEMA: schema,
      DOCJOBS_BOOTSTRAP_API_KEY: key,
      WORKER_CONCURRENCY: '1',
    };
    const processes: RunningProcess[] = [];
    after(async () => {
      for (const process of processes) await stop(process);
      if (backend === 'postgres') await dropSchemas(env.DATABASE_URL, schema);
      rmSync(dataDir, { recursive: true, force: true });
    });

    const start = async (port: number) => {
      const server = runDocjobs(['serve'], { ...env, PORT: String(port) });
      processes.push(server);
      await waitForOutput(server, /docjobs listening on/);
      return server;
    };

    it('loses no job: the one it was running is picked up again after its heartbeat lapses', async (t) => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${key}` };
      const first = await start(port);
      const submitted: string[] = [];
      const send = async (bytes: Uint8Array, name: string) => {
        const form = new FormData();
        form.set('file', new Blob([bytes]), name);
        const response = await fetch(`${base}/v1/jobs`, { method: 'POST', body: form, headers });
        assert.equal(response.status, 202);
        const job = (await response.json()) as { id: string };
        submitted.push(job.id);
        return job.id;
      };
      const get = async (id: string) =>
        (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as {
          status: string;
          pagesDone: number;
          retryCount: number;
        };
      const long = await send(makeLongPdf(600), 'long.pdf');
      for (let i = 0; i < 5; i++)
        await send(new TextEncoder().encode(`queued behind ${i}`), `small-${i}.txt`);
      for (;;) {
        const job = await get(long);
        if (job.status === 'processing' && job.pagesDone > 0) break;
        assert.ok(!terminal.has(job.status), `the long job ended before the kill: ${job.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      first.child.kill('SIGKILL');
      await first.exited;

      const restartedAt = Date.now();
      await start(port); // the stale pid lockfile of the killed process must not block this
      const deadline = Date.now() + 120_000;
      for (;;) {
        const jobs = await Promise.all(submitted.map(get));
        if (jobs.every((job) => terminal.has(job.status))) {
          assert.deepEqual(
            jobs.map((job) => job.status),
            submitted.map(() => 'completed'),
          );
          break;
        }
        assert.ok(Date.now() < deadline, `not all jobs ended: ${JSON.stringify(jobs)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const result = await (await fetch(`${base}/v1/jobs/${long}/result?format=jsonl`, { headers })).text();
      assert.equal(result.trim().split('\n').length, 600, 'one result, with every page once');
      // The heartbeat lapses after 10 s and supervision runs every 5 s, so the killed job is back in
      // the queue within ~15 s of the kill; then it is parsed again from the start.
      const recoveredMs = Date.now() - restartedAt;
      t.diagnostic(`restart → every job completed: ${recoveredMs} ms`);
      assert.ok(recoveredMs < 60_000, `recovered after ${recoveredMs} ms`);
    });

    it('resumes an OCR job at the first page its killed worker had not read (page checkpoints)', async () => {
      for (const process of processes.splice(0)) await stop(process);
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${key}` };
      const first = await start(port);
      const form = new FormData();
      form.set('file', new Blob([await scannedPagesPdf(6)]), 'scan.pdf');
      form.set('options', JSON.stringify({ ocr: 'force' }));
      const response = await fetch(`${base}/v1/jobs`, { method: 'POST', body: form, headers });
      assert.equal(response.status, 202);
      const { id } = (await response.json()) as { id: string };
      const read = async (path: string) => (await fetch(`${base}/v1/jobs/${id}${path}`, { headers })).json();
      const get = async () =>
        (await read('')) as { status: string; stage: string | null; pagesDone: number; error: unknown };
      for (;;) {
        const job = await get();
        if (job.stage === 'ocr' && job.pagesDone >= 2) break;
        assert.ok(!terminal.has(job.status), `the job ended before the kill: ${job.status}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      first.child.kill('SIGKILL');
      await first.exited;

      await start(port);
      const deadline = Date.now() + 180_000;
      let job = await get();
      while (!terminal.has(job.status)) {
        assert.ok(Date.now() < deadline, `not ended: ${JSON.stringify(job)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = await get();
      }
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const trace = (await read('/trace')) as {
        stages: { stage: string; passes?: { reusedPages?: number[] }[] }[];
      };
      const pass = trace.stages.find((stage) => stage.stage === 'ocr')?.passes?.[0];
      assert.ok((pass?.reusedPages?.length ?? 0) >= 2, `pages reused: ${JSON.stringify(pass)}`);
      const result = (await read('/result')) as { pages: { page: number; text: string }[] };
      assert.deepEqual(
        result.pages.map((page) => page.page),
        [1, 2, 3, 4, 5, 6],
        'every page once, in order',
      );
      for (const page of result.pages) {
        const words = scannedPageLines(page.page)[0]!.split(' ');
        assert.ok(
          words.every((word) => page.text.includes(word)),
          `page ${page.page}: ${page.text}`,
        );
      }
    });
  });
}
