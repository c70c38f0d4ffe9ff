import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { Config } from '../src/core/config.ts';
import { jobStatuses } from '../src/core/job-status.ts';
import { buildApp } from '../src/http/build-app.ts';
import { backends, multipart, startTestDocjobs, submit, type TestDocjobs } from './harness.ts';

/** Errors that say how to fix the request (issue 15, item 10), through the real app. */
for (const backend of backends) {
  describe(`API errors that say how to fix them on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'api-errors', {}, { worker: false });
    });
    after(async () => dj?.close());

    const request = async (options: InjectOptions) => {
      const response = await dj.app.inject({
        ...options,
        headers: { ...dj.auth, ...(options.headers as Record<string, string>) },
      });
      return { status: response.statusCode, error: response.json().error, response };
    };
    const document = Buffer.from('hello').toString('base64');

    it('lists the allowed values when a value is not one of them', async () => {
      const cases: [string, Awaited<ReturnType<typeof request>>, string, string[]][] = [
        ['status', await request({ url: '/v1/jobs?status=queued&status=done' }), 'done', [...jobStatuses]],
        ['period', await request({ url: '/v1/jobs/stats?period=1y' }), '1y', ['24h', '7d', '30d']],
        ['format', await request({ url: '/v1/jobs/export?format=xls' }), 'xls', ['csv', 'json']],
        [
          'events',
          await request({
            method: 'PUT',
            url: '/v1/settings/webhook',
            payload: { url: 'https://example.com/hook', events: ['job.completed', 'job.done'] },
          }),
          'job.done',
          ['job.completed', 'job.failed', 'job.cancelled'],
        ],
        [
          'type',
          await request({
            method: 'POST',
            url: '/v1/jobs',
            payload: { document, fileName: 'a.txt', type: 'ocr' },
          }),
          'ocr',
          ['parse', 'extract', 'classify'],
        ],
      ];
      for (const [name, { status, error }, sent, allowed] of cases) {
        assert.equal(status, 400, name);
        assert.equal(error.code, 'VALIDATION_ERROR', name);
        assert.match(error.field, new RegExp(`^${name}(\\.\\d+)?$`), name);
        assert.ok(
          error.message.startsWith(`${name} "${sent}" is not one of the allowed values: `),
          error.message,
        );
        for (const value of allowed)
          assert.ok(error.message.includes(value), `${name}: ${value} in ${error.message}`);
      }
    });

    it('names the nearest known field when a field is unknown', async () => {
      const cases: [string, Awaited<ReturnType<typeof request>>, string, string][] = [
        [
          'JSON filename',
          await request({ method: 'POST', url: '/v1/jobs', payload: { document, filename: 'a.txt' } }),
          'filename',
          'fileName',
        ],
        [
          'JSON options.ocr_mode',
          await request({
            method: 'POST',
            url: '/v1/jobs',
            payload: { document, fileName: 'a.txt', options: { ocr_mode: 'premium' } },
          }),
          'options.ocr_mode',
          'ocrMode',
        ],
        ['query stauts', await request({ url: '/v1/jobs?stauts=queued' }), 'stauts', 'status'],
        [
          'bulk filter creatdAfter',
          await request({
            method: 'POST',
            url: '/v1/jobs/bulk/cancel',
            payload: { filter: { creatdAfter: '2026-01-01T00:00:00Z' } },
          }),
          'filter.creatdAfter',
          'createdAfter',
        ],
      ];
      const form = multipart({ name: 'a.txt', bytes: 'hello' }, { file_name: 'b.txt' });
      cases.push([
        'multipart file_name',
        await request({ method: 'POST', url: '/v1/jobs', headers: form.headers, payload: form.payload }),
        'file_name',
        'fileName',
      ]);
      for (const [what, { status, error }, field, nearest] of cases) {
        assert.equal(status, 400, what);
        assert.equal(error.code, 'VALIDATION_ERROR', what);
        assert.equal(error.field, field, what);
        assert.match(error.message, new RegExp(`did you mean "${nearest}"\\?`), `${what}: ${error.message}`);
      }
    });

    it('tells a JSON submit that sends "file" to send "document", and a multipart one the reverse', async () => {
      const json = await request({
        method: 'POST',
        url: '/v1/jobs',
        payload: { file: document, fileName: 'a.txt' },
      });
      assert.equal(json.status, 400);
      assert.equal(json.error.field, 'file');
      assert.match(json.error.message, /did you mean "document"\?/);
      assert.match(json.error.message, /multipart\/form-data/);

      const form = multipart(null, { document, fileName: 'a.txt' });
      const parts = await request({
        method: 'POST',
        url: '/v1/jobs',
        headers: form.headers,
        payload: form.payload,
      });
      assert.equal(parts.status, 400);
      assert.equal(parts.error.field, 'document');
      assert.match(parts.error.message, /the part "file"/);
    });

    it('suggests nothing for a field that resembles no known one', async () => {
      const { status, error } = await request({
        method: 'POST',
        url: '/v1/jobs',
        payload: { document, fileName: 'a.txt', colour: 'red' },
      });
      assert.equal(status, 400);
      assert.equal(error.message, 'unknown field "colour"');
    });

    it('answers a submit in another type than JSON or multipart with 415 UNSUPPORTED_MEDIA_TYPE naming both', async () => {
      const body = JSON.stringify({ document, fileName: 'a.txt' });
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        null,
      ]) {
        const { status, error } = await request({
          method: 'POST',
          url: '/v1/jobs',
          payload: body,
          headers: contentType ? { 'content-type': contentType } : {},
        });
        assert.equal(status, 415, String(contentType));
        assert.equal(error.code, 'UNSUPPORTED_MEDIA_TYPE', String(contentType));
        assert.match(error.message, /send application\/json or multipart\/form-data$/, error.message);
        assert.ok(
          error.message.includes(contentType ? `"${contentType}"` : 'without a Content-Type'),
          error.message,
        );
      }
      const [job] = await dj.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs');
      assert.equal(job!.n, 0, 'no job was made');
    });

    it('names application/json alone on a JSON-only route, and lets an empty text/plain POST through', async () => {
      const cases = await request({
        method: 'POST',
        url: '/v1/cases',
        payload: '{"name":"x"}',
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(cases.status, 415);
      assert.equal(cases.error.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.match(
        cases.error.message,
        /^POST \/v1\/cases does not read Content-Type "text\/plain"; send application\/json$/,
      );

      // fetch(url, { method: 'POST', body: '' }) names text/plain with nothing in it.
      const job = await submit(dj, 'cancel me', 'c.txt');
      const cancel = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/cancel`,
        headers: { ...dj.auth, 'content-type': 'text/plain;charset=UTF-8' },
        payload: '',
      });
      assert.equal(cancel.statusCode, 200, cancel.body);
      assert.equal(cancel.json().status, 'cancelled');
    });

    it('names a missing field as required, and shows what a date looks like', async () => {
      const job = await submit(dj, 'operate on me', 'o.txt');
      const missing = await request({
        method: 'POST',
        url: `/v1/jobs/${job.id}/operations`,
        payload: { operation: 'rotate' },
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.error.field, 'type');
      assert.equal(missing.error.message, 'the field "type" is required');
      const date = await request({ url: '/v1/jobs?createdAfter=yesterday' });
      assert.equal(date.status, 400);
      assert.equal(date.error.field, 'createdAfter');
      assert.equal(
        date.error.message,
        'createdAfter must be a date and time in RFC 3339, like 2026-01-31T09:00:00Z',
      );
    });

    it('answers a form sent to any route with a body but the submit with the same 415 as another type', async () => {
      // Every operation that may carry a body, from the API's own description: a route added later is covered.
      const spec = (await dj.app.inject({ url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const form = multipart({ name: 'a.txt', bytes: 'hello' }, { name: 'x' });
      const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => [method.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x_1')] as const),
      );
      assert.ok(operations.length >= 15, `${operations.length} operations`);
      // The submit and the routes that submit one job type the same way read forms.
      const submits = new Set([
        '/v1/jobs',
        '/v1/schemas/generate',
        '/v1/edit/templates/fill',
        '/v1/edit/agent/fill',
      ]);
      let refused = 0;
      const readsForms = (method: string, url: string) => method === 'POST' && submits.has(url);
      for (const [method, url] of operations) {
        if (readsForms(method, url)) continue;
        const { status, error } = await request({
          method: method as InjectOptions['method'],
          url,
          payload: form.payload,
          headers: form.headers,
        });
        assert.equal(status, 415, `${method} ${url}`);
        assert.equal(error.code, 'UNSUPPORTED_MEDIA_TYPE', `${method} ${url}`);
        assert.match(
          error.message,
          /^[A-Z]+ \S+ does not read Content-Type "multipart\/form-data"; send application\/json$/,
        );
        refused++;
      }
      assert.equal(refused, operations.filter(([method, url]) => !readsForms(method, url)).length);
      // The submit still reads a form, and a type of multipart it does not list is refused.
      const upload = multipart({ name: 'a.txt', bytes: 'hello' });
      const accepted = await request({ method: 'POST', url: '/v1/jobs', ...upload });
      assert.equal(accepted.status, 202, accepted.response.body);
      const mixed = await request({
        method: 'POST',
        url: '/v1/jobs',
        payload: upload.payload,
        headers: { 'content-type': upload.headers['content-type']!.replace('form-data', 'mixed') },
      });
      assert.equal(mixed.status, 415);
      assert.match(
        mixed.error.message,
        /does not read Content-Type "multipart\/mixed"; send application\/json or multipart\/form-data$/,
      );
    });

    it('lists UNSUPPORTED_MEDIA_TYPE among the error codes of the OpenAPI document', async () => {
      const spec = (await dj.app.inject({ url: '/openapi.json' })).json();
      const submitResponses = spec.paths['/v1/jobs'].post.responses;
      assert.ok(submitResponses['415'], 'the submit documents its 415');
      assert.equal(
        submitResponses['400'].content['application/json'].schema.$ref,
        '#/components/schemas/ErrorEnvelope',
      );
      const codes = spec.components.schemas.ErrorEnvelope.properties.error.properties.code.enum;
      assert.ok(codes.includes('UNSUPPORTED_MEDIA_TYPE'));
      assert.ok(codes.includes('UNSUPPORTED_FORMAT'));
    });

    it('names WEBHOOK_ALLOW_PRIVATE when it refuses a loopback webhook', async () => {
      const setting = await request({
        method: 'PUT',
        url: '/v1/settings/webhook',
        payload: { url: 'http://127.0.0.1:9/hook' },
      });
      const perJob = await request({
        method: 'POST',
        url: '/v1/jobs',
        payload: { document, fileName: 'a.txt', webhookUrl: 'http://localhost:9/hook' },
      });
      for (const [what, { status, error }, field] of [
        ['setting', setting, 'url'],
        ['webhookUrl', perJob, 'webhookUrl'],
      ] as const) {
        assert.equal(status, 400, what);
        assert.equal(error.code, 'VALIDATION_ERROR', what);
        assert.equal(error.field, field, what);
        assert.match(error.message, /loopback/, what);
        assert.match(error.message, /WEBHOOK_ALLOW_PRIVATE=true/, what);
      }
    });

    it('logs /healthz, /readyz and /metrics polls at debug, other requests at info', async () => {
      const logged = async (logLevel: Config['logLevel']) => {
        const lines: { level: number; msg: string; reqId: string; req?: { url: string } }[] = [];
        const app = await buildApp(
          { ...dj.ctx, config: { ...dj.ctx.config, logLevel } },
          { logger: true, logDestination: { write: (line) => lines.push(JSON.parse(line)) } },
        );
        try {
          for (const url of ['/healthz', '/readyz', '/metrics', '/v1/jobs'])
            assert.equal((await app.inject({ url, headers: dj.auth })).statusCode, 200, url);
        } finally {
          await app.close();
        }
        // "request completed" carries no url: it is matched to its request by reqId.
        const urlOf = new Map(lines.filter((line) => line.req).map((line) => [line.reqId, line.req!.url]));
        return (url: string) =>
          lines.filter((line) => urlOf.get(line.reqId) === url).map((line) => `${line.level} ${line.msg}`);
      };
      const info = await logged('info');
      for (const url of ['/healthz', '/readyz', '/metrics']) assert.deepEqual(info(url), [], url);
      assert.deepEqual(info('/v1/jobs'), ['30 incoming request', '30 request completed']);

      const debug = await logged('debug');
      for (const url of ['/healthz', '/readyz', '/metrics'])
        assert.deepEqual(debug(url), ['20 incoming request', '20 request completed'], url);
      assert.deepEqual(debug('/v1/jobs'), ['30 incoming request', '30 request completed']);
    });
  });
}
