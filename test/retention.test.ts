import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { purgeQueue } from '../src/engine/purge-schedule.ts';
import { startWorker } from '../src/engine/worker.ts';
import { purgeExpired } from '../src/services/purge.ts';
import { makeTextPdf } from './fixtures.ts';
import {
  backends,
  type JobView,
  startTestDocjobs,
  submit,
  type TestDocjobs,
  waitFor,
  waitTerminal,
} from './harness.ts';
import {
  freePort,
  processSandbox,
  type RunningProcess,
  runDocjobs,
  stop,
  waitForOutput,
} from './processes.ts';

const day = 86_400_000;
const _run = promisify(execFile);

for (const backend of backends) {
  describe(`retention purge on ${backend}`, () => {
    let dj: TestDocjobs;
    // Built by hand so some jobs can stay queued: the suite's own worker runs only while asked to.
    before(async () => {
      dj = await startTestDocjobs(backend, 'retention', { EXPIRED_GRACE_DAYS: '90' }, { worker: false });
    });
    after(async () => dj?.close());

    const get = async (id: string) =>
      (await dj.app.inject({ url: `/v1/jobs/${id}`, headers: dj.auth })).json() as JobView;
    const blobDir = (id: string) => join(dj.dataDir, 'blobs', 'jobs', id);
    const statuses = async () =>
      new Map(
        (await dj.ctx.db.query<{ id: string; status: string }>('SELECT id, status FROM jobs')).map((row) => [
          row.id,
          row.status,
        ]),
      );

    it('expires terminal jobs past expiresAt, keeps case and running jobs, drops rows after the grace', async () => {
      const kept = (
        await dj.app.inject({ method: 'POST', url: '/v1/cases', headers: dj.auth, payload: { name: 'keep' } })
      ).json() as { id: string };

      // Two completed jobs (one in a case), then with the worker stopped one queued and one cancelled.
      const worker = await startWorker(dj.ctx, { concurrency: 1, batchSize: 2 });
      const done = await submit(dj, makeTextPdf(['old news']), 'old.pdf', { metadata: { project: 'p1' } });
      const inCase = await submit(dj, makeTextPdf(['evidence']), 'case.pdf', { caseId: kept.id });
      assert.equal((await waitTerminal(dj, done.id)).status, 'completed');
      assert.equal((await waitTerminal(dj, inCase.id)).status, 'completed');
      await worker.stop();
      const queued = await submit(dj, makeTextPdf(['still waiting']), 'queued.pdf');
      const cancelled = await submit(dj, makeTextPdf(['never mind']), 'cancel.pdf');
      await dj.app.inject({ method: 'POST', url: `/v1/jobs/${cancelled.id}/cancel`, headers: dj.auth });
      // A thumbnail, so every kind of blob is there: document, result, thumbnails (the trace is a column).
      const thumb = await dj.app.inject({ url: `/v1/jobs/${done.id}/pages/1/thumbnail`, headers: dj.auth });
      assert.equal(thumb.statusCode, 200);
      assert.deepEqual(readdirSync(blobDir(done.id)).sort(), ['document', 'result.json', 'thumbnails']);

      // Fifteen days on, every job is past its default expiry (RETENTION_DAYS=14).
      const later = new Date(Date.now() + 15 * day);
      const before = await statuses();
      const preview = await purgeExpired(dj.ctx, { dryRun: true, now: later });
      assert.equal(preview.dryRun, true);
      assert.equal(preview.expired, 2);
      assert.deepEqual([...preview.expiredIds].sort(), [cancelled.id, done.id].sort());
      assert.equal(preview.skippedRunning, 1, 'the queued job is due but not terminal');
      assert.equal(preview.dropped, 0);
      assert.deepEqual(await statuses(), before, 'a dry run changes nothing');
      assert.ok(existsSync(join(blobDir(done.id), 'document')));

      // Batches of one: the cursor has to step over the queued job, which stays due and unmoved.
      const report = await purgeExpired(dj.ctx, { now: later, batchSize: 1 });
      assert.equal(report.expired, 2);
      assert.equal(report.blobErrors, 0);
      const expired = await get(done.id);
      assert.equal(expired.status, 'expired');
      assert.deepEqual(expired.metadata, { project: 'p1' });
      assert.equal(expired.fileName, 'old.pdf');
      assert.ok(expired.completedAt && expired.pagesTotal === 1, 'metadata of the run is kept');
      assert.equal(existsSync(blobDir(done.id)), false, 'document, result and thumbnails are gone');
      const trace = await dj.app.inject({ url: `/v1/jobs/${done.id}/trace`, headers: dj.auth });
      assert.equal(trace.statusCode, 409, 'and the trace with them');
      assert.equal(existsSync(blobDir(cancelled.id)), false);
      assert.equal((await get(cancelled.id)).status, 'expired');
      const [row] = await dj.ctx.db.query<{ document_key: null; result_key: null; expired_at: Date | null }>(
        'SELECT document_key, result_key, expired_at FROM jobs WHERE id = $1',
        [done.id],
      );
      assert.equal(row?.document_key, null);
      assert.equal(row?.result_key, null);
      assert.ok(row?.expired_at instanceof Date);
      const result = await dj.app.inject({ url: `/v1/jobs/${done.id}/result`, headers: dj.auth });
      assert.equal(result.statusCode, 409);
      const document = await dj.app.inject({ url: `/v1/jobs/${done.id}/document`, headers: dj.auth });
      assert.equal(document.statusCode, 404);

      // Untouched: the job in a case, and the queued one.
      assert.equal((await get(inCase.id)).status, 'completed');
      assert.ok(existsSync(join(blobDir(inCase.id), 'result.json')));
      assert.equal((await get(queued.id)).status, 'queued');
      assert.ok(existsSync(join(blobDir(queued.id), 'document')));

      // A second run has nothing to do.
      assert.equal((await purgeExpired(dj.ctx, { now: later })).expired, 0);

      // The grace period counts from when they expired (now, on the database's clock).
      const justInside = await purgeExpired(dj.ctx, { now: new Date(Date.now() + 89 * day) });
      assert.equal(justInside.dropped, 0);
      const afterGrace = new Date(Date.now() + 91 * day);
      const dropPreview = await purgeExpired(dj.ctx, { dryRun: true, now: afterGrace });
      assert.equal(dropPreview.dropped, 2);
      assert.equal((await get(done.id)).status, 'expired', 'still there after the dry run');
      const dropped = await purgeExpired(dj.ctx, { now: afterGrace });
      assert.equal(dropped.dropped, 2);
      assert.deepEqual([...dropped.droppedIds].sort(), [cancelled.id, done.id].sort());
      const gone = await dj.app.inject({ url: `/v1/jobs/${done.id}`, headers: dj.auth });
      assert.equal(gone.statusCode, 404);
      assert.equal((await get(inCase.id)).status, 'completed');
      assert.equal((await get(queued.id)).status, 'queued');
    });
  });

  describe(`the purge schedule on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'purge-schedule', { PURGE_CRON: '17 4 * * *' });
    });
    after(async () => dj?.close());

    it('is registered with PURGE_CRON in UTC, and its queue job runs the purge on the worker', async () => {
      const schedules = await dj.ctx.queue.getSchedules(purgeQueue);
      assert.equal(schedules.length, 1);
      assert.equal(schedules[0]!.cron, '17 4 * * *');
      assert.equal(schedules[0]!.timezone, 'UTC');

      const job = await waitTerminal(dj, (await submit(dj, makeTextPdf(['short-lived']), 's.pdf')).id);
      assert.equal(job.status, 'completed');
      // What the cron monitor sends at 04:17, sent now; the job's expiry moved into the past.
      await dj.ctx.db.query(`UPDATE jobs SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        job.id,
      ]);
      await dj.ctx.queue.send(purgeQueue, {});
      // The row moves first, then its blobs go (services/purge.ts): wait for both.
      const dir = join(dj.dataDir, 'blobs', 'jobs', job.id);
      await waitFor(async () => {
        const now = (await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth })).json();
        return now.status === 'expired' && !existsSync(dir);
      }, 60);
    });
  });

  describe(`docjobs purge on ${backend}`, () => {
    const { dataDir, env, docjobs, cleanup } = processSandbox(backend, 'purge-cli');
    let server: RunningProcess | null = null;
    after(() => cleanup(server));

    it('runs with the data directory free, and beside a running server (admin socket on PGlite)', async () => {
      const idle = await docjobs('purge', '--dry-run');
      assert.match(idle.stdout, /dry run: nothing was changed/);
      assert.match(idle.stdout, /0 terminal jobs past expiresAt would expire/);

      const port = await freePort();
      server = runDocjobs(['serve'], { ...env, PORT: String(port) });
      await waitForOutput(server, /docjobs listening on/);
      const key = (await docjobs('keys', 'create', '--org', 'acme')).stdout.trim().split('\n').at(-1)!;
      const response = await fetch(`http://127.0.0.1:${port}/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          document: Buffer.from('expiring text').toString('base64'),
          fileName: 'a.txt',
        }),
      });
      const { id } = (await response.json()) as { id: string };
      const status = async () =>
        (
          (await (
            await fetch(`http://127.0.0.1:${port}/v1/jobs/${id}?wait=5`, {
              headers: { authorization: `Bearer ${key}` },
            })
          ).json()) as { status: string }
        ).status;
      await waitFor(async () => (await status()) === 'completed', 60);
      // The expiry is moved into the past through the command's own route to the database: the
      // server on PGlite holds it, so this goes through a second key-less path only on PostgreSQL.
      if (backend === 'postgres') {
        const client = new (await import('pg')).default.Client({ connectionString: env.DATABASE_URL });
        await client.connect();
        await client.query(
          `UPDATE ${env.DATABASE_SCHEMA}.jobs SET expires_at = now() - interval '1 minute' WHERE id = $1`,
          [id],
        );
        await client.end();
      } else {
        await stop(server);
        const { openDatabase } = await import('../src/store/open-database.ts');
        const { loadConfig } = await import('../src/core/config.ts');
        const db = await openDatabase(loadConfig(env));
        await db.query(`UPDATE jobs SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
        await db.close();
        server = runDocjobs(['serve'], { ...env, PORT: String(port) });
        await waitForOutput(server, /docjobs listening on/);
      }
      const dry = await docjobs('purge', '--dry-run');
      assert.match(dry.stdout, /1 terminal jobs past expiresAt would expire/);
      assert.ok(dry.stdout.includes(id), dry.stdout);
      assert.equal(await status(), 'completed', 'the dry run changed nothing');
      const real = await docjobs('purge');
      assert.match(real.stdout, /1 jobs expired/);
      assert.equal(await status(), 'expired');
      assert.equal(existsSync(join(dataDir, 'blobs', 'jobs', id)), false);
    });
  });
}
