import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { makeLongPdf } from './fixtures.ts';
import { backends } from './harness.ts';
import { freePort, processSandbox, type RunningProcess, runDocjobs, waitForOutput } from './processes.ts';

const key = 'shutdown-test-key-0123456789abcdef';
const graceSeconds = 1;
const pages = 600; // ~10 s of parsing on one thread: still running when the grace period ends

/** Submit a long PDF and return its id once a worker is inside it (a page done). */
async function submitLongJob(base: string, headers: Record<string, string>): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([makeLongPdf(pages)]), 'long.pdf');
  const submitted = await fetch(`${base}/v1/jobs`, { method: 'POST', body: form, headers });
  assert.equal(submitted.status, 202);
  const { id } = (await submitted.json()) as { id: string };
  for (;;) {
    const job = (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as {
      status: string;
      pagesDone: number;
    };
    if (job.status === 'processing' && job.pagesDone > 0) return id;
    assert.equal(job.status === 'completed' || job.status === 'failed', false, job.status);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

for (const backend of backends) {
  describe(`docjobs serve on SIGTERM on ${backend}`, () => {
    const sandbox = processSandbox(backend, 'shutdown');
    const env = {
      ...sandbox.env,
      DOCJOBS_BOOTSTRAP_API_KEY: key,
      WORKER_CONCURRENCY: '1',
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    };
    let server: RunningProcess | null = null;
    after(async () => sandbox.cleanup(server));

    it('answers the request in flight, hands the running job back within the grace period and exits 0', async (t) => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${key}` };
      const start = async () => {
        server = runDocjobs(['serve'], { ...env, PORT: String(port) });
        await waitForOutput(server, /docjobs listening on/);
        return server;
      };
      const get = async (id: string) =>
        (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as {
          status: string;
          pagesDone: number;
        };

      const first = await start();
      const id = await submitLongJob(base, headers);

      // A long poll that would hold its connection for 30 s, and an event stream that would stay
      // open until the job ends: the shutdown must end both, not wait for them.
      const longPoll = fetch(`${base}/v1/jobs/${id}?wait=30`, { headers });
      const stream = await fetch(`${base}/v1/jobs/${id}/events`, { headers });
      assert.equal(stream.status, 200);
      const streamed = stream.text(); // resolves when the server ends the stream
      await new Promise((resolve) => setTimeout(resolve, 300)); // let it reach the server
      const signalledAt = Date.now();
      first.child.kill('SIGTERM');
      const answer = await longPoll;
      assert.equal(answer.status, 200);
      assert.equal(((await answer.json()) as { id: string }).id, id);
      assert.match(await streamed, /event: state/);
      const code = await first.exited;
      const exitMs = Date.now() - signalledAt;
      t.diagnostic(`SIGTERM → exit: ${exitMs} ms (grace ${graceSeconds} s)`);
      assert.equal(code, 0, first.output());
      assert.match(first.output(), /docjobs: stopped/);
      // Grace, then the queue's own stop (≤ 5 s) and the thread pools: a stuck drain takes far longer.
      assert.ok(exitMs < (graceSeconds + 15) * 1000, `exited ${exitMs} ms after SIGTERM`);

      await start();
      const deadline = Date.now() + 120_000;
      let job = await get(id);
      while (job.status !== 'completed') {
        assert.ok(Date.now() < deadline && job.status !== 'failed', `after restart: ${JSON.stringify(job)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = await get(id);
      }
      const result = await (await fetch(`${base}/v1/jobs/${id}/result?format=jsonl`, { headers })).text();
      assert.equal(result.trim().split('\n').length, pages, 'one result, with every page once');
    });
  });

  describe(`a job handed back at shutdown with MAX_RETRIES=0 on ${backend}`, () => {
    const sandbox = processSandbox(backend, 'handback');
    const env = {
      ...sandbox.env,
      DOCJOBS_BOOTSTRAP_API_KEY: key,
      WORKER_CONCURRENCY: '1',
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
      // No retries at all: a hand-back that spent one would end the job `failed`.
      MAX_RETRIES: '0',
    };
    let server: RunningProcess | null = null;
    after(async () => sandbox.cleanup(server));

    it('goes back to queued without a failure or a spent retry, and the next worker runs it to the end', async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const headers = { authorization: `Bearer ${key}` };
      const start = async (args: string[]) => {
        server = runDocjobs(args, { ...env, PORT: String(port) });
        await waitForOutput(server, /docjobs listening on/);
        return server;
      };
      const get = async (id: string) =>
        (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as {
          status: string;
          pagesDone: number;
          retryCount: number;
          error: unknown;
        };

      const first = await start(['serve']);
      const id = await submitLongJob(base, headers);
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0, first.output());

      // An API without a worker: the job waits in the queue as if it had not started.
      const api = await start(['serve', '--no-worker']);
      const waiting = await get(id);
      assert.equal(waiting.status, 'queued', JSON.stringify(waiting));
      assert.equal(waiting.retryCount, 0);
      assert.equal(waiting.error, null);
      assert.equal(waiting.pagesDone, 0);
      api.child.kill('SIGTERM');
      assert.equal(await api.exited, 0, api.output());

      await start(['serve']);
      const deadline = Date.now() + 120_000;
      let job = await get(id);
      while (job.status !== 'completed') {
        assert.ok(Date.now() < deadline && job.status !== 'failed', `after restart: ${JSON.stringify(job)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        job = await get(id);
      }
      assert.equal(job.retryCount, 0, 'the hand-back is not a retry');
      assert.equal(job.error, null);
      const result = await (await fetch(`${base}/v1/jobs/${id}/result?format=jsonl`, { headers })).text();
      assert.equal(result.trim().split('\n').length, pages, 'one result, with every page once');
    });
  });
}
