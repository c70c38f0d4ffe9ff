import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DocjobsError } from '../core/errors.ts';
import type { TestTask } from './testing/test-worker.ts';
import { ThreadPool } from './thread-pool.ts';

const workerUrl = new URL('./testing/test-worker.ts', import.meta.url);
const never = () => new AbortController().signal;

describe('ThreadPool', () => {
  const pool = new ThreadPool<TestTask, number>({ workerUrl, size: 2 });
  after(() => pool.close());

  it('creates threads lazily and runs tasks with progress', async () => {
    assert.equal(pool.threads, 0);
    const seen: unknown[] = [];
    assert.equal(
      await pool.run({ type: 'echo', value: 7 }, { signal: never(), onProgress: (p) => seen.push(p) }),
      7,
    );
    assert.deepEqual(seen, [7]);
    assert.equal(pool.threads, 1);
  });

  it('counts the threads that would take a task at once', async () => {
    assert.equal(pool.idleThreads, 2);
    const running = pool.run({ type: 'spin', ms: 300 }, { signal: never() });
    assert.equal(pool.idleThreads, 1);
    const queued = [1, 2].map((value) => pool.run({ type: 'spin', ms: 50 + value }, { signal: never() }));
    assert.equal(pool.idleThreads, 0);
    await Promise.all([running, ...queued]);
    assert.equal(pool.idleThreads, 2);
  });

  it('runs more tasks than threads, at most `size` at once', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((value) => pool.run({ type: 'echo', value }, { signal: never() })),
    );
    assert.deepEqual(results, [1, 2, 3, 4, 5]);
    assert.ok(pool.threads <= 2);
  });

  it('cancels a task stuck in synchronous code within 2 s and replaces the thread', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const task = pool.run(
      { type: 'spin', ms: 30_000 },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await assert.rejects(task, (e: unknown) => e instanceof DocjobsError && e.code === 'CANCELLED');
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(await pool.run({ type: 'echo', value: 1 }, { signal: never() }), 1);
  });

  it('rejects at once when the signal is already aborted, and drops a queued task on abort', async () => {
    await assert.rejects(pool.run({ type: 'echo', value: 1 }, { signal: AbortSignal.abort() }), {
      code: 'CANCELLED',
    });
    const busy = [1, 2].map(() => new AbortController());
    const running = busy.map((c) =>
      pool.run({ type: 'spin', ms: 30_000 }, { signal: c.signal }).catch((e) => e),
    );
    const queued = new AbortController();
    const waiting = pool.run({ type: 'echo', value: 3 }, { signal: queued.signal });
    queued.abort();
    await assert.rejects(waiting, { code: 'CANCELLED' });
    for (const c of busy) c.abort();
    await Promise.all(running);
  });

  it('passes a DocjobsError thrown in the worker through with its code', async () => {
    await assert.rejects(pool.run({ type: 'fail' }, { signal: never() }), {
      code: 'PARSE_ERROR',
      retryable: false,
    });
  });

  it('rejects the task of a crashed thread and keeps serving', async () => {
    await assert.rejects(pool.run({ type: 'crash' }, { signal: never() }), {
      code: 'INTERNAL_ERROR',
      retryable: true,
    });
    assert.equal(await pool.run({ type: 'echo', value: 9 }, { signal: never() }), 9);
  });

  it('fails a task whose thread runs out of heap for good, and keeps serving', async () => {
    const small = new ThreadPool<TestTask, number>({ workerUrl, size: 1, maxHeapMb: 32 });
    try {
      await assert.rejects(small.run({ type: 'oom' }, { signal: never() }), (error: unknown) => {
        assert.ok(error instanceof DocjobsError);
        assert.equal(error.code, 'PARSE_ERROR');
        assert.equal(error.retryable, false);
        assert.match(error.message, /more than the 32 MB/);
        return true;
      });
      assert.equal(await small.run({ type: 'echo', value: 3 }, { signal: never() }), 3);
    } finally {
      await small.close();
    }
  });

  it('close() rejects running work and refuses new work', async () => {
    const local = new ThreadPool<TestTask, number>({ workerUrl, size: 1 });
    const running = local.run({ type: 'spin', ms: 30_000 }, { signal: never() }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await local.close();
    assert.equal(((await running) as DocjobsError).code, 'CANCELLED');
    await assert.rejects(local.run({ type: 'echo', value: 1 }, { signal: never() }));
    assert.equal(local.threads, 0);
  });

  it('ends a thread idle for idleReleaseMs, never a busy one, and starts another for the next task', async () => {
    const releasing = new ThreadPool<TestTask, number>({ workerUrl, size: 1, idleReleaseMs: 50 });
    try {
      // Busy far past idleReleaseMs: a pool that counted from the thread's start would end it.
      assert.equal(await releasing.run({ type: 'spin', ms: 300 }, { signal: never() }), 300);
      while (releasing.threads > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await releasing.run({ type: 'echo', value: 3 }, { signal: never() }), 3);
      assert.equal(releasing.threads, 1);
    } finally {
      await releasing.close();
    }
  });

  it("gives threads the process's compile cache, and writes theirs after a first task", async () => {
    const root = mkdtempSync(join(tmpdir(), 'docjobs-compile-cache-'));
    const before = module.getCompileCacheDir();
    // A process whose main thread has no cache (this one, unless NODE_COMPILE_CACHE is set) gives none.
    if (!before) {
      const plain = new ThreadPool<TestTask, string | null>({ workerUrl, size: 1 });
      try {
        assert.equal(await plain.run({ type: 'compile-cache' }, { signal: never() }), null);
      } finally {
        await plain.close();
      }
    }
    const enabled = module.enableCompileCache(root);
    const cached = new ThreadPool<TestTask, string | null>({ workerUrl, size: 1 });
    try {
      const dir = await cached.run({ type: 'compile-cache' }, { signal: never() });
      assert.equal(dir, module.getCompileCacheDir());
      // Enabled here (status 1): the folder is this test's, and the thread wrote its modules there.
      if (enabled.status === module.constants.compileCacheStatus.ENABLED) {
        assert.ok(dir?.startsWith(root));
        assert.ok(readdirSync(dir!).length > 0, 'the thread flushed its compile cache');
      }
    } finally {
      await cached.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
