import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { type Docjobs, startDocjobs } from '../src/app.ts';
import type { OrgId } from '../src/core/ids.ts';
import { createApiKey } from '../src/store/orgs.ts';
import { backends, multipart, startTestDocjobs, type TestDocjobs } from './harness.ts';

const text = (label: string) => Buffer.from(`limits test ${label}\n`);

for (const backend of backends) {
  describe(`rate limits on ${backend}`, () => {
    let dj: TestDocjobs;
    let second: Docjobs | null = null;
    before(async () => {
      dj = await startTestDocjobs(backend, 'limits-rate', { RATE_LIMIT_PER_MINUTE: '5' }, { worker: false });
      // Another API process on the same schema; PGlite is one process's database.
      if (backend === 'postgres') second = await startDocjobs(dj.config, { worker: false });
    });
    after(async () => {
      await second?.close();
      await dj?.close();
    });

    /**
     * Six requests with a fresh key, spread over the given apps. The window is a calendar minute on
     * the database clock: should the six straddle its end, the count restarts: they go again with another key.
     */
    async function sixRequests(apps: TestDocjobs['app'][], name: string) {
      for (let attempt = 0; ; attempt++) {
        const { key } = await createApiKey(dj.ctx.db, `${name}-${attempt}`);
        const responses: LightMyRequestResponse[] = [];
        for (let i = 0; i < 6; i++) {
          const app = apps[i % apps.length]!;
          responses.push(await app.inject({ url: '/v1/jobs', headers: { authorization: `Bearer ${key}` } }));
        }
        const resets = responses.map((r) => Number(r.headers['ratelimit-reset']));
        if (resets.every((reset, i) => i === 0 || reset <= resets[i - 1]!)) return { key, responses };
      }
    }

    it('answers the 6th request of a key in a minute with 429, Retry-After and RATE_LIMITED', async () => {
      const { key, responses } = await sixRequests([dj.app], 'rate-one');
      assert.deepEqual(
        responses.map((r) => r.statusCode),
        [200, 200, 200, 200, 200, 429],
      );
      assert.deepEqual(
        responses.map((r) => r.headers['ratelimit-remaining']),
        ['4', '3', '2', '1', '0', '0'],
      );
      for (const response of responses) assert.equal(response.headers['ratelimit-limit'], '5');
      const refused = responses[5]!;
      const retryAfter = Number(refused.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(refused.headers['ratelimit-reset'], String(retryAfter));
      assert.equal(refused.json().error.code, 'RATE_LIMITED');

      // Another key, even of the same organisation, has its own count.
      const response = await dj.app.inject({ url: '/v1/jobs', headers: dj.auth });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['ratelimit-remaining'], '4');
      // Routes outside /v1 are not counted, and carry no headers.
      const health = await dj.app.inject({ url: '/healthz', headers: { authorization: `Bearer ${key}` } });
      assert.equal(health.statusCode, 200);
      assert.equal(health.headers['ratelimit-limit'], undefined);
    });

    it('shares the count between API processes on one database', { skip: backend === 'pglite' }, async () => {
      const { responses } = await sixRequests([dj.app, second!.app!], 'rate-shared');
      assert.deepEqual(
        responses.map((r) => r.statusCode),
        [200, 200, 200, 200, 200, 429],
      );
    });

    it('does not count a request without a valid key', async () => {
      const response = await dj.app.inject({ url: '/v1/jobs', headers: { authorization: 'Bearer nope' } });
      assert.equal(response.statusCode, 401);
      assert.equal(response.headers['ratelimit-limit'], undefined);
    });
  });

  describe(`quotas and request sizes on ${backend}`, () => {
    let dj: TestDocjobs;
    let second: Docjobs | null = null;
    before(async () => {
      dj = await startTestDocjobs(
        backend,
        'limits-quotas',
        { QUOTA_CONCURRENT_JOBS: '2', QUOTA_PAGES_PER_DAY: '10', MAX_UPLOAD_MB: '2' },
        { worker: false },
      );
      if (backend === 'postgres') second = await startDocjobs(dj.config, { worker: false });
    });
    after(async () => {
      await second?.close();
      await dj?.close();
    });

    const submitWith = (key: string, label: string, app = dj.app) =>
      app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { authorization: `Bearer ${key}` },
        payload: { document: text(label).toString('base64'), fileName: `${label}.txt` },
      });

    it('refuses a third job while two are queued, and takes one again after a cancel', async () => {
      const first = await submitWith(dj.key, 'one');
      const secondJob = await submitWith(dj.key, 'two');
      assert.equal(first.statusCode, 202, first.body);
      assert.equal(secondJob.statusCode, 202, secondJob.body);

      const third = await submitWith(dj.key, 'three');
      assert.equal(third.statusCode, 429);
      const error = third.json().error;
      assert.equal(error.code, 'QUOTA_EXCEEDED');
      assert.equal(error.quota, 'concurrentJobs');
      assert.match(error.message, /2 jobs queued or running, the quota is 2/);
      // Multipart submits are held to the same quota, and the refused upload leaves no blob behind.
      const form = multipart({ name: 'four.txt', bytes: text('four') });
      const fourth = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...dj.auth, ...form.headers },
        payload: form.payload,
      });
      assert.equal(fourth.statusCode, 429);
      const stored = readdirSync(join(dj.dataDir, 'blobs', 'jobs')).sort();
      assert.deepEqual(stored, [first.json().id, secondJob.json().id].sort());

      // Another organisation has its own slots.
      assert.equal((await submitWith(dj.otherKey, 'other')).statusCode, 202);

      const cancelled = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${first.json().id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal((await submitWith(dj.key, 'five')).statusCode, 202);
      assert.equal((await submitWith(dj.key, 'six')).statusCode, 429);
    });

    it('lets an Idempotency-Key replay through at the quota, answering with its job', async () => {
      const { key } = await createApiKey(dj.ctx.db, 'quota-replay');
      const headers = { authorization: `Bearer ${key}`, 'idempotency-key': 'replay-1' };
      const payload = { document: text('replay').toString('base64'), fileName: 'replay.txt' };
      const made = await dj.app.inject({ method: 'POST', url: '/v1/jobs', headers, payload });
      assert.equal((await submitWith(key, 'fill')).statusCode, 202);
      const replay = await dj.app.inject({ method: 'POST', url: '/v1/jobs', headers, payload });
      assert.equal(replay.statusCode, 200, replay.body);
      assert.equal(replay.json().id, made.json().id);
    });

    it('gives the last slots to exactly as many of many parallel submits', async () => {
      const { key } = await createApiKey(dj.ctx.db, 'quota-race');
      const apps = second ? [dj.app, second.app!] : [dj.app];
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => submitWith(key, `race${i}`, apps[i % apps.length])),
      );
      const statuses = answers.map((r) => r.statusCode).sort();
      assert.deepEqual(statuses, [202, 202, ...Array(10).fill(429)]);
    });

    it('refuses a submit once the pages read today reach QUOTA_PAGES_PER_DAY', async () => {
      const { key, org } = await createApiKey(dj.ctx.db, 'quota-pages');
      const record = (id: string, pages: number, finished: string) =>
        dj.ctx.db.query(
          `INSERT INTO usage_records (job_id, org_id, type, status, pages, credits, job_created_at, finished_at)
           VALUES ($1, $2, 'parse', 'completed', $3, $3, ${finished}, ${finished})`,
          [id, org.id as OrgId, pages],
        );
      // Yesterday's pages do not count; today's nine leave room for one more submit.
      await record(
        'job_pagesyesterday',
        50,
        "date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 second'",
      );
      await record('job_pagestoday1', 9, 'now()');
      const accepted = await submitWith(key, 'pages-ok');
      assert.equal(accepted.statusCode, 202, accepted.body);

      await record('job_pagestoday2', 1, 'now()');
      const refused = await submitWith(key, 'pages-over');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().error.code, 'QUOTA_EXCEEDED');
      assert.equal(refused.json().error.quota, 'pagesPerDay');
      const untilMidnight = Number(refused.headers['retry-after']);
      assert.ok(untilMidnight >= 1 && untilMidnight <= 86_400, `Retry-After ${untilMidnight}`);
    });

    it('answers a 10 MB JSON body with 413, and a 10,000-deep one with 400, and stays up', async () => {
      // A key of its own: "acme" is at its concurrent-jobs quota by now, and a submit over it is
      // refused (429) before its body is read, so before its size or depth is looked at.
      const { key } = await createApiKey(dj.ctx.db, 'sizes');
      const auth = { authorization: `Bearer ${key}` };
      const big = JSON.stringify({ document: 'A'.repeat(10 * 1024 * 1024), fileName: 'big.txt' });
      const submitted = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: big,
      });
      assert.equal(submitted.statusCode, 413);
      assert.equal(submitted.json().error.code, 'PAYLOAD_TOO_LARGE');
      // Other routes take 1 MB: a 2 MB webhook setting is refused though the submit allows more.
      const setting = await dj.app.inject({
        method: 'PUT',
        url: '/v1/settings/webhook',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ url: `https://example.com/${'a'.repeat(2 * 1024 * 1024)}` }),
      });
      assert.equal(setting.statusCode, 413);

      const nested = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      for (const [url, payload] of [
        ['/v1/jobs', `[${nested}]`],
        ['/v1/jobs', `{"document":"QQ==","fileName":"a.txt","metadata":{"a":${nested}}}`],
        // Engine options are free-form: nothing but the depth guard stands before JSON.stringify.
        ['/v1/extractors', `{"name":"deep","schema":{"type":"object"},"options":${nested}}`],
      ] as const) {
        const deep = await dj.app.inject({
          method: 'POST',
          url,
          headers: { ...auth, 'content-type': 'application/json' },
          payload,
        });
        assert.equal(deep.statusCode, 400, deep.body);
        assert.equal(deep.json().error.code, 'VALIDATION_ERROR');
      }
      const list = await dj.app.inject({ url: '/v1/jobs', headers: auth });
      assert.equal(list.statusCode, 200);
    });

    it('holds a multipart request to MAX_UPLOAD_MB + 1 MB in all, fields included', async () => {
      // The file is within its 2 MB, but 40 fields of 60 KB make the request 4.4 MB.
      const fields = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`metadata.k${i}`, 'x'.repeat(60_000)]),
      );
      const form = multipart({ name: 'a.txt', bytes: Buffer.alloc(1024 * 1024, 'a') }, fields);
      const response = await dj.app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...dj.auth, ...form.headers },
        payload: form.payload,
      });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error.code, 'PAYLOAD_TOO_LARGE');
    });

    it('counts a chunked multipart body as it streams: 413 past the limit, accepted below it', async () => {
      await dj.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = dj.app.server.address() as AddressInfo;
      const { key } = await createApiKey(dj.ctx.db, 'chunked');
      const form = multipart({ name: 'a.txt', bytes: 'chunked upload\n' });
      // A preamble before the first boundary is skipped by the multipart parser, so only the
      // count of the request's bytes stops one that goes on and on.
      const send = (preambleBytes: number) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/v1/jobs',
              headers: { authorization: `Bearer ${key}`, ...form.headers }, // no Content-Length: chunked
            },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (chunk) => {
                body += chunk;
              });
              res.on('end', () => resolve({ status: res.statusCode!, body }));
            },
          );
          req.on('error', reject);
          const junk = Buffer.alloc(64 * 1024, 'z');
          let sent = 0;
          const pump = () => {
            while (sent < preambleBytes) {
              sent += junk.length;
              if (!req.write(junk)) return void req.once('drain', pump);
            }
            req.end(Buffer.concat([Buffer.from('\r\n'), form.payload]));
          };
          pump();
        });
      const small = await send(64 * 1024);
      assert.equal(small.status, 202, small.body);
      const endless = await send(4 * 1024 * 1024);
      assert.equal(endless.status, 413, endless.body);
      assert.equal(JSON.parse(endless.body).error.code, 'PAYLOAD_TOO_LARGE');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
    });
  });
}
