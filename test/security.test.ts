import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/build-app.ts';
import { makeTextPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';
import { freePort, processSandbox, type RunningProcess, runDocjobs, waitForOutput } from './processes.ts';

for (const backend of backends) {
  describe(`security headers and CORS on ${backend}`, () => {
    let dj: TestDocjobs;
    let cors: FastifyInstance;
    before(async () => {
      dj = await startTestDocjobs(backend, 'security');
      // The same service with CORS on for one origin (the default, above, has it off).
      cors = await buildApp({ ...dj.ctx, config: { ...dj.config, corsOrigins: ['https://app.example'] } });
    });
    after(async () => {
      await cors?.close();
      await dj?.close();
    });

    it('sends the security headers on API answers, errors and the docs, and names no server', async () => {
      const job = await submit(dj, makeTextPdf(['headers']), 'h.pdf');
      const answers = {
        job: await dj.app.inject({ url: `/v1/jobs/${job.id}`, headers: dj.auth }),
        unauthorised: await dj.app.inject({ url: '/v1/jobs' }),
        notFound: await dj.app.inject({ url: '/nowhere' }),
        health: await dj.app.inject({ url: '/healthz' }),
        docs: await dj.app.inject({ url: '/docs' }),
      };
      assert.equal(answers.unauthorised.statusCode, 401);
      for (const [name, response] of Object.entries(answers)) {
        assert.equal(response.headers['x-content-type-options'], 'nosniff', name);
        assert.equal(response.headers['x-frame-options'], 'DENY', name);
        assert.equal(response.headers['referrer-policy'], 'no-referrer', name);
        assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/, name);
        assert.equal(response.headers['x-powered-by'], undefined, name);
        assert.equal(response.headers.server, undefined, name);
      }
      assert.equal(
        answers.job.headers['content-security-policy'],
        "default-src 'none'; frame-ancestors 'none'",
      );
      assert.equal(answers.job.headers['cache-control'], 'no-store');
      assert.equal(answers.unauthorised.headers['cache-control'], 'no-store');
      assert.equal(answers.health.headers['cache-control'], undefined);
      // The Swagger UI page loads its own scripts, styles and spec, and nothing else.
      const docsPolicy = String(answers.docs.headers['content-security-policy']);
      for (const directive of ["script-src 'self'", "connect-src 'self'", "default-src 'none'"])
        assert.ok(docsPolicy.includes(directive), docsPolicy);
      assert.match(answers.docs.body, /swagger-initializer\.js/);
      const spec = await dj.app.inject({ url: '/docs/json' });
      assert.equal(spec.statusCode, 200);
      assert.match(String(spec.headers['content-security-policy']), /connect-src 'self'/);
    });

    it('keeps the Cache-Control a route sets itself, and sends the headers on event streams', async () => {
      const job = await waitTerminal(dj, (await submit(dj, makeTextPdf(['cached']), 'c.pdf')).id);
      const thumbnail = await dj.app.inject({
        url: `/v1/jobs/${job.id}/pages/1/thumbnail`,
        headers: dj.auth,
      });
      assert.equal(thumbnail.statusCode, 200);
      assert.equal(thumbnail.headers['cache-control'], 'private, max-age=3600');
      // The stream hijacks the reply and writes its own head (inject() cannot follow it: a port).
      const base = await dj.app.listen({ port: 0, host: '127.0.0.1' });
      const events = await fetch(`${base}/v1/jobs/${job.id}/events`, { headers: dj.auth });
      assert.match(await events.text(), /event: end/); // the job is over: the stream ends at once
      assert.equal(events.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      assert.equal(events.headers.get('cache-control'), 'no-cache, no-transform');
      assert.equal(events.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(
        events.headers.get('content-security-policy'),
        "default-src 'none'; frame-ancestors 'none'",
      );
    });

    it('sends no CORS headers and answers no preflight by default', async () => {
      const preflight = await dj.app.inject({
        method: 'OPTIONS',
        url: '/v1/jobs',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      assert.notEqual(preflight.statusCode, 204);
      const get = await dj.app.inject({
        url: '/v1/jobs',
        headers: { ...dj.auth, origin: 'https://app.example' },
      });
      assert.equal(get.statusCode, 200);
      for (const response of [preflight, get]) {
        const cors = Object.keys(response.headers).filter((name) => name.startsWith('access-control-'));
        assert.deepEqual(cors, []);
      }
    });

    it('answers preflights and allows only the configured origins when CORS_ORIGINS is set', async () => {
      const preflight = await cors.inject({
        method: 'OPTIONS',
        url: '/v1/jobs',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, idempotency-key, content-type',
        },
      });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
      assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
      const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase();
      for (const header of ['authorization', 'x-api-key', 'idempotency-key', 'content-type'])
        assert.ok(allowed.includes(header), allowed);
      assert.ok(Number(preflight.headers['access-control-max-age']) > 0);
      assert.equal(preflight.headers['access-control-allow-credentials'], undefined);

      const get = await cors.inject({
        url: '/v1/jobs',
        headers: { ...dj.auth, origin: 'https://app.example' },
      });
      assert.equal(get.statusCode, 200);
      assert.equal(get.headers['access-control-allow-origin'], 'https://app.example');
      assert.equal(get.headers.vary, 'Origin');

      // Another origin is never reflected, on a preflight or a request.
      const evil = { origin: 'https://evil.example', 'access-control-request-method': 'POST' };
      const foreignPreflight = await cors.inject({ method: 'OPTIONS', url: '/v1/jobs', headers: evil });
      assert.notEqual(foreignPreflight.statusCode, 204);
      const foreign = await cors.inject({ url: '/v1/jobs', headers: { ...dj.auth, origin: evil.origin } });
      for (const response of [foreignPreflight, foreign])
        assert.equal(response.headers['access-control-allow-origin'], undefined);
    });

    it('allows any origin, without reflecting it, when CORS_ORIGINS is *', async () => {
      const any = await buildApp({ ...dj.ctx, config: { ...dj.config, corsOrigins: ['*'] } });
      try {
        const get = await any.inject({
          url: '/v1/jobs',
          headers: { ...dj.auth, origin: 'https://x.example' },
        });
        assert.equal(get.headers['access-control-allow-origin'], '*');
      } finally {
        await any.close();
      }
    });
  });
}

describe('API keys and the request log', () => {
  const sandbox = processSandbox('pglite', 'key-log');
  const key = 'log-test-key-0123456789abcdef-secret';
  let server: RunningProcess | null = null;
  after(async () => sandbox.cleanup(server));

  it('logs requests at info without the Authorization or X-API-Key values', async () => {
    const port = await freePort();
    server = runDocjobs(['serve', '--no-worker'], {
      ...sandbox.env,
      PORT: String(port),
      DOCJOBS_BOOTSTRAP_API_KEY: key,
      LOG_LEVEL: 'info',
    });
    await waitForOutput(server, /docjobs listening on/);
    const base = `http://127.0.0.1:${port}`;
    const bearer = await fetch(`${base}/v1/jobs`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(bearer.status, 200);
    const apiKey = await fetch(`${base}/v1/jobs?limit=1`, { headers: { 'x-api-key': key } });
    assert.equal(apiKey.status, 200);
    const wrong = `${key}-wrong`;
    assert.equal((await fetch(`${base}/v1/jobs`, { headers: { 'x-api-key': wrong } })).status, 401);
    // Both requests were logged (so the log was on), with their ids, and neither key is in it.
    const { output } = server;
    await waitForOutput(server, /"url":"\/v1\/jobs\?limit=1"[\s\S]*"statusCode":401/);
    assert.match(output(), /"msg":"incoming request"/);
    assert.equal(output().includes(key.slice(8)), false, 'a key is in the log');
  });
});
