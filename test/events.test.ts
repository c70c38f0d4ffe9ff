import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorker, type Worker } from '../src/engine/worker.ts';
import { LiveEvents } from '../src/services/live-events/live-events.ts';
import type { Database } from '../src/store/db.ts';
import { moveJob, reportProgress } from '../src/store/jobs/move-job.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { makeLongPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitFor } from './harness.ts';
import { type RunningProcess, runDocjobs, stop, waitForOutput } from './processes.ts';
import { SseClient } from './sse-client.ts';

for (const backend of backends) {
  describe(`Live events on ${backend}`, () => {
    let dj: TestDocjobs;
    let base: string;
    // Started by the test that watches a job run: in this process on PGlite, a `docjobs worker`
    // process on PostgreSQL (the events then come from another process's writes).
    let worker: Worker | null = null;
    let workerProcess: RunningProcess | null = null;
    const open: SseClient[] = [];
    const stream = async (path: string, auth = dj.auth) => {
      const client = await SseClient.open(`${base}${path}`, auth);
      open.push(client);
      return client;
    };
    const openStreams = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/^docjobs_event_streams (\d+)$/m.exec(text)?.[1]);
    };

    before(async () => {
      dj = await startTestDocjobs(backend, 'events', {}, { worker: false });
      base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      for (const client of open) client.close();
      await worker?.stop({ graceMs: 5000 });
      if (workerProcess) await stop(workerProcess);
      await dj?.close();
    });

    it('tells changes made through another database connection, and ends after the terminal status', async () => {
      const job = await submit(dj, 'moved by someone else', 'other.txt');
      const client = await stream(`/v1/jobs/${job.id}/events`);
      assert.equal(client.status, 200);
      assert.match(client.contentType!, /^text\/event-stream/);
      const first = await client.waitFor(() => true);
      assert.equal(first.event, 'state');
      assert.equal(first.data.id, job.id);
      assert.equal(first.data.status, 'queued');

      // On PostgreSQL a second pool, as another process would have; PGlite is one process, so its
      // own handle, but through the store directly: no service of this process is involved.
      let other: Database = dj.ctx.db;
      if (backend === 'postgres') {
        other = await openDatabase({
          dataDir: dj.dataDir,
          databaseUrl: dj.config.databaseUrl,
          databaseSchema: dj.config.databaseSchema,
        });
      }
      try {
        const id = job.id as Parameters<typeof moveJob>[1];
        assert.ok(await moveJob(other, id, 'processing', { attempt: 7, stage: 'parsing' }));
        await client.waitFor((e) => e.event === 'status' && e.data.status === 'processing');
        await reportProgress(other, id, 7, { progress: 40, pagesDone: 2, pagesTotal: 5 });
        await client.waitFor((e) => e.event === 'progress' && e.data.progress === 40);
        assert.ok(await moveJob(other, id, 'cancelled', { finished: true, stage: null }));
        await client.ended;
      } finally {
        if (other !== dj.ctx.db) await other.close();
      }
      assert.ok(client.endedByServer, 'the server ends the stream after the terminal status');
      const names = client.events.map((e) => e.event);
      assert.deepEqual(names.slice(-2), ['status', 'end']);
      assert.equal(client.events.at(-2)!.data.status, 'cancelled');
      assert.deepEqual(client.events.find((e) => e.event === 'pages')?.data, {
        id: job.id,
        pagesDone: 2,
        pagesTotal: 5,
      });
      assert.equal(client.events.find((e) => e.event === 'stage')?.data.stage, 'parsing');
    });

    it('follows a long PDF as a worker parses it: state, status, stage, pages, progress, quality, end', async () => {
      const job = await submit(dj, makeLongPdf(400), 'long.pdf');
      const client = await stream(`/v1/jobs/${job.id}/events`);
      await client.waitFor((e) => e.event === 'state' && e.data.status === 'queued');
      if (backend === 'postgres') {
        workerProcess = runDocjobs(['worker'], {
          DATA_DIR: dj.dataDir,
          DATABASE_URL: dj.config.databaseUrl!,
          DATABASE_SCHEMA: dj.config.databaseSchema,
          WORKER_CONCURRENCY: '1',
        });
        await waitForOutput(workerProcess, /docjobs worker running/);
      } else {
        worker = await startWorker(dj.ctx, { concurrency: 1, batchSize: 1 });
      }
      await client.ended;
      const names = client.events.map((e) => e.event);
      assert.equal(names[0], 'state');
      assert.deepEqual(names.slice(-2), ['status', 'end'], names.join(' '));
      const last = client.events.at(-2)!.data;
      assert.equal(last.status, 'completed', JSON.stringify(last.error));
      assert.equal(typeof last.processingMs, 'number');
      assert.ok(client.events.some((e) => e.event === 'status' && e.data.status === 'processing'));
      assert.ok(client.events.some((e) => e.event === 'stage' && e.data.stage === 'parsing'));
      const pages = client.events.filter((e) => e.event === 'pages').map((e) => e.data);
      assert.ok(
        pages.some((p) => p.pagesDone < 400 && p.pagesTotal === 400),
        `pages while parsing: ${JSON.stringify(pages)}`,
      );
      assert.deepEqual(pages.at(-1), { id: job.id, pagesDone: 400, pagesTotal: 400 });
      const progress = client.events.filter((e) => e.event === 'progress').map((e) => e.data.progress);
      assert.ok(
        progress.some((p) => p > 0 && p < 100),
        `progress while parsing: ${progress}`,
      );
      assert.deepEqual(
        progress,
        [...progress].sort((a, b) => a - b),
        'progress never goes back',
      );
      assert.equal(progress.at(-1), 100);
      const quality = client.events.find((e) => e.event === 'quality');
      assert.ok(quality && quality.data.qualityScore > 0.85, JSON.stringify(quality));
      assert.equal(quality.data.qualityCategory, 'Very Confident');

      // Again, now that it is over: its state, then the end at once.
      const again = await stream(`/v1/jobs/${job.id}/events`);
      await again.ended;
      assert.deepEqual(
        again.events.map((e) => e.event),
        ['state', 'end'],
      );
      assert.equal(again.events[0]!.data.status, 'completed');
    });

    it("answers 404 for another organisation's job and for an unknown one", async () => {
      const theirs = await submit(dj, 'not yours', 'theirs.txt', {}, dj.otherAuth);
      for (const id of [theirs.id, 'job_01jzzzzzzzzzzzzzzzzzzzzzzz']) {
        const response = await fetch(`${base}/v1/jobs/${id}/events`, { headers: dj.auth });
        assert.equal(response.status, 404);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
      }
      const anonymous = await fetch(`${base}/v1/events`);
      assert.equal(anonymous.status, 401);
      const badFilter = await fetch(`${base}/v1/events?status=finished`, { headers: dj.auth });
      assert.equal(badFilter.status, 400);
    });

    it("streams an organisation's jobs, filtered by status and metadata, and never another's", async () => {
      const everything = await stream('/v1/events');
      const blueDone = await stream('/v1/events?status=completed&status=partial&metadata.team=blue');
      const theirs = await stream('/v1/events', dj.otherAuth);
      const blue = await submit(dj, 'blue words', 'blue.txt', { metadata: { team: 'blue' } });
      const red = await submit(dj, 'red words', 'red.txt', { metadata: { team: 'red' } });
      const other = await submit(dj, 'their words', 'g.txt', { metadata: { team: 'blue' } }, dj.otherAuth);
      const done = (id: string) => (e: { event: string; data: { id: string; status?: string } }) =>
        e.data.id === id && (e.event === 'state' || e.event === 'status') && e.data.status === 'completed';
      await everything.waitFor(done(blue.id));
      await everything.waitFor(done(red.id));
      await theirs.waitFor(done(other.id));
      // Rows are read and handed out in order: once a later job shows, an earlier one would have.
      const marker = await submit(dj, 'marker', 'marker.txt', { metadata: { team: 'blue' } });
      await blueDone.waitFor(done(marker.id));
      await everything.waitFor(done(marker.id));

      const introduced = everything.ofJob(blue.id);
      assert.equal(introduced[0]!.event, 'state', 'a job is introduced with its whole state');
      assert.equal(introduced[0]!.data.metadata.team, 'blue');
      assert.ok(
        everything.events.every((e) => e.data.id !== other.id),
        'no job of another organisation',
      );
      assert.ok(theirs.events.every((e) => ![blue.id, red.id, marker.id].includes(e.data.id)));
      const filtered = blueDone.events;
      assert.deepEqual(
        [...new Set(filtered.map((e) => e.data.id))].sort(),
        [blue.id, marker.id].sort(),
        'only blue jobs, only once completed',
      );
      assert.ok(filtered.every((e) => e.event === 'state' && e.data.status === 'completed'));
    });

    it('frees the streams of clients that leave', async () => {
      for (const client of open) client.close();
      await waitFor(async () => (await openStreams()) === 0);
      const job = await submit(dj, 'watched and left', 'left.txt');
      const clients = await Promise.all([
        stream('/v1/events'),
        stream('/v1/events?metadata.x=1'),
        stream(`/v1/events`, dj.otherAuth),
        stream(`/v1/jobs/${job.id}/events`),
      ]);
      assert.equal(await openStreams(), 4);
      for (const client of clients) client.close();
      await waitFor(async () => (await openStreams()) === 0);
    });

    it('sends keep-alive comments and stops its timers with its last stream', async () => {
      const live = new LiveEvents(dj.ctx.db, { keepAliveMs: 30 });
      try {
        const job = await submit(dj, 'kept alive', 'alive.txt', {}, dj.auth);
        let keepAlives = 0;
        const got: string[] = [];
        const stream = await live.followOrg(
          await orgOf(dj, job.id),
          {},
          {
            send: (events) => {
              got.push(...events.map((e) => e.event));
              return true;
            },
            keepAlive: () => {
              keepAlives++;
            },
            end: () => {},
          },
        );
        await waitFor(async () => keepAlives >= 2);
        assert.equal(live.size, 1);
        stream.stop();
        assert.equal(live.size, 0);
        const after = keepAlives;
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(keepAlives, after, 'no keep-alive once the last stream is gone');
      } finally {
        await live.close();
      }
    });
  });
}

async function orgOf(dj: TestDocjobs, jobId: string) {
  const [row] = await dj.ctx.db.query<{ org_id: string }>('SELECT org_id FROM jobs WHERE id = $1', [jobId]);
  return row!.org_id as Parameters<LiveEvents['followOrg']>[0];
}
