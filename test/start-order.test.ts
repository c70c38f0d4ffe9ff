import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileAllSchemas } from '../src/http/build-app.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { makeTextPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, waitTerminal } from './harness.ts';

/*
 * `serve` answers /readyz before its worker side runs (src/app.ts, `deferWorker`): readiness is
 * "can take jobs", which needs the database and the queue only. A job taken meanwhile waits in the
 * queue for the worker; a stop that comes while the worker side starts stops what started.
 */
for (const backend of backends) {
  describe(`start order on ${backend}`, () => {
    it('answers /readyz and takes a job before the worker runs; the job runs once it does', async () => {
      const dj = await startTestDocjobs(backend, 'start-order-ready', {}, { deferWorker: true });
      try {
        // Nothing has started the worker side yet: ready all the same.
        const ready = await dj.app.inject({ url: '/readyz' });
        assert.equal(ready.statusCode, 200, ready.body);
        const job = await submit(dj, makeTextPdf(['taken before the worker ran']), 'early.pdf');
        const waiting = await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth });
        assert.equal(waiting.json().status, 'queued');
        // As serve does once it listens; /readyz answers while it starts.
        const starting = dj.startWorkerSide();
        const duringStart = await dj.app.inject({ url: '/readyz' });
        assert.equal(duringStart.statusCode, 200, duringStart.body);
        await starting;
        assert.equal(dj.startWorkerSide(), starting, 'started once');
        const done = await waitTerminal(dj, job.id);
        assert.equal(done.status, 'completed', JSON.stringify(done.error));
      } finally {
        await dj.close();
      }
    });

    it('stops cleanly when close() comes while the worker side starts', async () => {
      const dj = await startTestDocjobs(backend, 'start-order-close', {}, { deferWorker: true });
      const starting = dj.startWorkerSide();
      const outcome = starting.then(
        () => 'started',
        (error: unknown) => `failed: ${error}`,
      );
      await dj.close();
      assert.equal(await outcome, 'started');
      // Nothing of it is left: on PGlite the data directory is free again (its lock released).
      const db = await openDatabase(dj.config);
      await db.close();
    });

    it('stops cleanly when close() comes before the worker side was asked to start', async () => {
      const dj = await startTestDocjobs(backend, 'start-order-never', {}, { deferWorker: true });
      await dj.close();
      await dj.startWorkerSide(); // after a stop: starts nothing
      const db = await openDatabase(dj.config);
      await db.close();
    });

    it('starts the worker side before returning without deferWorker', async () => {
      const dj = await startTestDocjobs(backend, 'start-order-default');
      try {
        assert.ok(dj.worker, 'the worker runs');
        const job = await submit(dj, makeTextPdf(['default order']), 'default.pdf');
        assert.equal((await waitTerminal(dj, job.id)).status, 'completed');
      } finally {
        await dj.close();
      }
    });

    it('compiles every route schema when asked (they compile on first use otherwise)', async () => {
      const dj = await startTestDocjobs(backend, 'start-order-schemas', {}, { worker: false });
      try {
        await dj.app.ready();
        compileAllSchemas(dj.app);
      } finally {
        await dj.close();
      }
    });
  });
}
