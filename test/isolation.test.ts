import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { makeTextPdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitFor, waitTerminal } from './harness.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const invoiceSchema = { type: 'object', properties: { total: { type: ['number', 'null'] } } };
const categories = [{ name: 'invoice', keywords: ['invoice'] }, { name: 'receipt' }];

/** A body each route accepts, so that what answers is the ownership check and not validation. */
function bodyFor(method: Method, path: string, ids: Ids): Record<string, unknown> | undefined {
  if (path.startsWith('/v1/extractors/'))
    return method === 'PUT' ? { name: 'Taken', schema: invoiceSchema } : { name: 'Taken' };
  if (path.startsWith('/v1/classifiers/'))
    return method === 'PUT' ? { name: 'Taken', categories } : { name: 'Taken' };
  if (path.endsWith('/operations')) return { type: 'extract', extractorId: ids.extractor };
  if (path.startsWith('/v1/jobs/bulk/')) return { ids: ids.jobs };
  // The other organisation's own objects: made, and they must not touch the first's.
  if (method === 'POST' && path === '/v1/jobs') return { document: 'dGV4dA==', fileName: 't.txt' };
  if (method === 'POST' && path === '/v1/cases') return { name: 'Theirs' };
  if (method === 'POST' && path === '/v1/extractors') return { name: 'Invoices', schema: invoiceSchema };
  if (method === 'POST' && path === '/v1/classifiers') return { name: 'Mailroom', categories };
  if (method === 'PUT' && path === '/v1/settings/webhook') return { url: 'http://127.0.0.1:9/theirs' };
  return undefined;
}

interface Ids {
  jobs: string[];
  extractor: string;
  classifier: string;
  case: string;
  delivery: string;
  key: string;
}

/** The first organisation's objects a path with {id} names. */
function idsFor(path: string, ids: Ids): string[] {
  if (path.startsWith('/v1/jobs/')) return ids.jobs;
  if (path.startsWith('/v1/extractors/')) return [ids.extractor];
  if (path.startsWith('/v1/classifiers/')) return [ids.classifier];
  if (path.startsWith('/v1/cases/')) return [ids.case];
  if (path.startsWith('/v1/webhooks/deliveries/')) return [ids.delivery];
  if (path.startsWith('/v1/keys/')) return [ids.key];
  throw new Error(`no object for ${path}: add the new route here`);
}

for (const backend of backends) {
  describe(`organisation isolation on ${backend}`, () => {
    let dj: TestDocjobs;
    const receiver = createServer((_request, response) => response.end('ok'));
    before(async () => {
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      dj = await startTestDocjobs(backend, 'isolation', { WEBHOOK_ALLOW_PRIVATE: 'true' });
    });
    after(async () => {
      await dj?.close();
      receiver.close();
    });

    const call = (method: Method, url: string, auth: Record<string, string>, payload?: object) =>
      dj.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });

    it("answers 404 on every route of /openapi.json naming another organisation's object, and changes nothing", async () => {
      const { port } = receiver.address() as { port: number };
      const hook = await call('PUT', '/v1/settings/webhook', dj.auth, {
        url: `http://127.0.0.1:${port}/hook`,
      });
      assert.equal(hook.statusCode, 200, hook.body);
      const created = async (url: string, payload: object) => {
        const response = await call('POST', url, dj.auth, payload);
        assert.equal(response.statusCode, 201, response.body);
        return (response.json() as { id: string }).id;
      };
      const extractor = await created('/v1/extractors', { name: 'Invoices', schema: invoiceSchema });
      const classifier = await created('/v1/classifiers', { name: 'Mailroom', categories });
      const caseId = await created('/v1/cases', { name: 'Claim 1' });
      const done = await waitTerminal(
        dj,
        (await submit(dj, makeTextPdf(['private']), 'p.pdf', { caseId })).id,
      );
      assert.equal(done.status, 'completed');
      const second = await submit(dj, makeTextPdf(['queued one']), 'q.pdf');
      const delivery = await waitFor(async () => {
        const page = (await call('GET', `/v1/webhooks/deliveries?jobId=${done.id}`, dj.auth)).json();
        return (page.deliveries as { id: string }[])[0]?.id;
      });
      const key = ((await call('GET', '/v1/me', dj.auth)).json() as { key: { id: string } }).key.id;
      const ids: Ids = { jobs: [done.id, second.id], extractor, classifier, case: caseId, delivery, key };
      const mine = [...ids.jobs, extractor, classifier, caseId, delivery, key];
      const snapshot = async () =>
        Promise.all(
          [
            ...ids.jobs.map((id) => `/v1/jobs/${id}/result`),
            `/v1/extractors/${extractor}`,
            `/v1/classifiers/${classifier}`,
            `/v1/cases/${caseId}`,
            `/v1/webhooks/deliveries/${delivery}`,
            `/v1/keys/${key}`,
            '/v1/settings/webhook',
          ].map(async (url) => {
            const response = await call('GET', url, dj.auth);
            return `${url} ${response.statusCode}`;
          }),
        );
      await waitTerminal(dj, second.id);
      const before = await snapshot();

      const openapi = (await dj.app.inject({ url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const walked: string[] = [];
      for (const [path, methods] of Object.entries(openapi.paths)) {
        if (!path.startsWith('/v1/')) continue; // health, readiness and metrics hold no organisation data
        for (const method of Object.keys(methods).map((m) => m.toUpperCase() as Method)) {
          const route = `${method} ${path}`;
          if (route === 'GET /v1/events') continue; // an endless stream: events.test.ts checks it is per organisation
          if (path.includes('{id}')) {
            for (const id of idsFor(path, ids)) {
              const url = path.replace('{id}', id).replace('{n}', '1');
              const response = await call(method, url, dj.otherAuth, bodyFor(method, path, ids));
              assert.ok(
                [403, 404].includes(response.statusCode),
                `${method} ${url} → ${response.statusCode} ${response.body}`,
              );
              walked.push(route);
            }
            continue;
          }
          // Routes over "all of mine": the other organisation's answer names none of the first's objects.
          const response = await call(method, path, dj.otherAuth, bodyFor(method, path, ids));
          assert.ok(response.statusCode < 500, `${route} → ${response.statusCode} ${response.body}`);
          if (path.startsWith('/v1/jobs/bulk/')) {
            assert.equal(response.json().succeeded, 0, `${route} acted on another organisation's jobs`);
          } else if (method === 'GET') {
            for (const id of mine) assert.equal(response.body.includes(id), false, `${route} shows ${id}`);
          }
          walked.push(route);
        }
      }
      // Submitting against the first organisation's objects: its jobs as parents, its case, its definitions.
      for (const extra of [
        { dependsOn: [done.id], type: 'extract', schema: invoiceSchema },
        { caseId },
        { type: 'extract', extractorId: extractor },
        { type: 'classify', classifierId: classifier },
      ]) {
        const response = await call('POST', '/v1/jobs', dj.otherAuth, {
          ...(extra.dependsOn ? {} : { document: Buffer.from('text').toString('base64'), fileName: 't.txt' }),
          ...extra,
        });
        // A reference in a body may also be a 400 naming the field ("no extractor … in your organisation").
        assert.ok(
          [400, 403, 404].includes(response.statusCode),
          `submit ${JSON.stringify(extra)} → ${response.statusCode} ${response.body}`,
        );
      }
      const routes = new Set(walked);
      for (const expected of [
        'GET /v1/extractors/{id}',
        'DELETE /v1/classifiers/{id}',
        'DELETE /v1/cases/{id}',
        'POST /v1/webhooks/deliveries/{id}/redeliver',
        'DELETE /v1/jobs/{id}',
        'POST /v1/jobs/bulk/delete',
      ])
        assert.ok(routes.has(expected), `${expected} was not walked`);
      assert.ok(routes.size >= 40, `walked ${routes.size} routes`);

      // The first organisation still has everything, as it was.
      assert.deepEqual(await snapshot(), before);
      const setting = (await call('GET', '/v1/settings/webhook', dj.auth)).json() as { url: string };
      assert.equal(setting.url, `http://127.0.0.1:${port}/hook`);
      const definition = (await call('GET', `/v1/extractors/${extractor}`, dj.auth)).json() as {
        name: string;
      };
      assert.equal(definition.name, 'Invoices');
      for (const id of ids.jobs)
        assert.equal((await call('GET', `/v1/jobs/${id}`, dj.auth)).json().status, 'completed');
    });
  });
}
