import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../src/store/orgs.ts';
import { backends, startTestDocjobs, type TestDocjobs } from './harness.ts';

/** The routes the console needs beyond the jobs API: who am I, API keys, a webhook test. */

interface KeyView {
  id: string;
  name: string | null;
  prefix: string;
  suffix: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  current: boolean;
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on 127.0.0.1: /ok answers 200, /down 503. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(req.url === '/down' ? 503 : 200).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Standard Webhooks check, against node:crypto alone. */
function signedWith(secret: string, request: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const { 'webhook-id': id, 'webhook-timestamp': timestamp } = request.headers;
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64');
  return String(request.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

for (const backend of backends) {
  describe(`console API on ${backend}`, () => {
    let dj: TestDocjobs;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    before(async () => {
      receiver = await startReceiver();
      dj = await startTestDocjobs(
        backend,
        'console-api',
        { WEBHOOK_ALLOW_PRIVATE: 'true' },
        { worker: false },
      );
    });
    after(async () => {
      await dj?.close();
      await receiver?.close();
    });

    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, key: string, payload?: object) =>
      dj.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

    it('GET /v1/me names the organisation and the key used, never its secret', async () => {
      const me = await call('GET', '/v1/me', dj.key);
      assert.equal(me.statusCode, 200, me.body);
      const body = me.json() as { organisation: { id: string; name: string }; key: KeyView };
      assert.equal(body.organisation.name, 'acme');
      assert.match(body.organisation.id, /^org_/);
      assert.match(body.key.id, /^key_/);
      assert.equal(body.key.prefix, dj.key.slice(0, 7));
      assert.equal(body.key.current, true);
      assert.equal(body.key.revokedAt, null);
      assert.ok(!me.body.includes(dj.key), 'the key is not echoed');
      const other = (await call('GET', '/v1/me', dj.otherKey)).json() as { organisation: { name: string } };
      assert.equal(other.organisation.name, 'globex');
      const none = await dj.app.inject({ method: 'GET', url: '/v1/me' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'UNAUTHORIZED');
    });

    it('notes when a key was last used', async () => {
      const { key } = await createApiKey(dj.ctx.db, `used-${backend}`);
      await call('GET', '/v1/me', key);
      const [listed] = (await call('GET', '/v1/keys', key)).json().keys as KeyView[];
      assert.ok(listed!.lastUsedAt, 'set by the first request');
      assert.ok(Date.now() - Date.parse(listed!.lastUsedAt) < 60_000);
    });

    it('creates, lists, gets and revokes keys; a revoked key is refused on its next request', async () => {
      const { key: first } = await createApiKey(dj.ctx.db, `keys-${backend}`);
      const created = await call('POST', '/v1/keys', first, { name: 'ci pipeline' });
      assert.equal(created.statusCode, 201, created.body);
      const second = created.json() as KeyView & { key: string };
      assert.match(second.key, /^dj_[A-Za-z0-9_-]{32}$/);
      assert.deepEqual(
        [second.name, second.prefix, second.suffix, second.current, second.revokedAt],
        ['ci pipeline', second.key.slice(0, 7), second.key.slice(-4), false, null],
      );
      assert.equal((await call('GET', '/v1/me', second.key)).json().key.id, second.id, 'the new key works');

      const listed = await call('GET', '/v1/keys', first);
      assert.equal(listed.statusCode, 200);
      const keys = listed.json().keys as KeyView[];
      assert.deepEqual(
        keys.map((k) => [k.name, k.current]),
        [
          [null, true],
          ['ci pipeline', false],
        ],
      );
      assert.ok(!listed.body.includes(second.key) && !/"key"|hash/i.test(listed.body), 'never the key');
      const got = await call('GET', `/v1/keys/${second.id}`, first);
      assert.deepEqual({ ...(got.json() as KeyView), lastUsedAt: null }, { ...keys[1], lastUsedAt: null });

      // The key in use: only on purpose.
      const self = keys[0]!.id;
      const inUse = await call('DELETE', `/v1/keys/${self}`, first);
      assert.equal(inUse.statusCode, 409);
      assert.equal(inUse.json().error.code, 'KEY_IN_USE');

      const revoked = await call('DELETE', `/v1/keys/${second.id}`, first);
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.ok(revoked.json().revokedAt);
      const refused = await call('GET', '/v1/me', second.key);
      assert.equal(refused.statusCode, 401, 'at once: nothing caches the key');
      const again = await call('DELETE', `/v1/keys/${second.id}`, first);
      assert.equal(again.statusCode, 200, 'revoking a revoked key changes nothing');
      assert.equal(again.json().revokedAt, revoked.json().revokedAt);

      // The last usable key is never revoked, even on purpose.
      const last = await call('DELETE', `/v1/keys/${self}?self=true`, first);
      assert.equal(last.statusCode, 409);
      assert.equal(last.json().error.code, 'LAST_KEY');
      assert.equal((await call('GET', '/v1/me', first)).statusCode, 200);

      // With another key, the one in use may go when asked for.
      const third = (await call('POST', '/v1/keys', first, {})).json() as KeyView & { key: string };
      assert.equal(third.name, null);
      const gone = await call('DELETE', `/v1/keys/${self}?self=true`, first);
      assert.equal(gone.statusCode, 200, gone.body);
      assert.equal((await call('GET', '/v1/me', first)).statusCode, 401);
      assert.equal((await call('GET', '/v1/me', third.key)).statusCode, 200);
    });

    it("another organisation's keys are not found; bad requests are 400s naming the field", async () => {
      const mine = (await call('GET', '/v1/keys', dj.key)).json().keys as KeyView[];
      for (const method of ['GET', 'DELETE'] as const) {
        const response = await call(method, `/v1/keys/${mine[0]!.id}`, dj.otherKey);
        assert.equal(response.statusCode, 404, `${method}: ${response.body}`);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
      assert.ok(
        ((await call('GET', '/v1/keys', dj.otherKey)).json().keys as KeyView[]).every(
          (k) => !mine.some((m) => m.id === k.id),
        ),
      );
      for (const payload of [{ name: '' }, { name: 'x'.repeat(101) }, { label: 'x' }]) {
        const response = await call('POST', '/v1/keys', dj.key, payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
      }
      assert.equal((await call('DELETE', '/v1/keys/key_nope', dj.key)).statusCode, 404);
    });

    it('sends a signed webhook.test to the saved URL and logs it as a delivery', async () => {
      const none = await call('POST', '/v1/webhooks/test', dj.key, {});
      assert.equal(none.statusCode, 400, 'no URL saved and none given');
      assert.equal(none.json().error.field, 'url');

      const setting = await call('PUT', '/v1/settings/webhook', dj.key, { url: `${receiver.base}/ok` });
      const { secret } = setting.json() as { secret: string };
      const sent = await call('POST', '/v1/webhooks/test', dj.key);
      assert.equal(sent.statusCode, 200, sent.body);
      const delivery = sent.json();
      assert.equal(delivery.event, 'webhook.test');
      assert.equal(delivery.status, 'delivered');
      assert.equal(delivery.lastStatusCode, 200);
      assert.equal(delivery.jobId, null);
      assert.equal(delivery.url, `${receiver.base}/ok`);
      assert.equal(delivery.attempts.length, 1);
      assert.ok(delivery.lastLatencyMs >= 0);

      const got = receiver.received.find((r) => r.headers['webhook-id'] === delivery.id);
      assert.ok(got, 'the receiver got it, with the delivery id as webhook-id');
      assert.ok(signedWith(secret, got), 'signed with the organisation secret');
      assert.equal(JSON.parse(got.body).type, 'webhook.test');
      assert.deepEqual(JSON.parse(got.body), delivery.payload);

      const listed = await call('GET', '/v1/webhooks/deliveries', dj.key);
      assert.ok((listed.json().deliveries as { id: string }[]).some((d) => d.id === delivery.id));
      const theirs = await call('GET', `/v1/webhooks/deliveries/${delivery.id}`, dj.otherKey);
      assert.equal(theirs.statusCode, 404);
      const redeliver = await call('POST', `/v1/webhooks/deliveries/${delivery.id}/redeliver`, dj.key);
      assert.equal(redeliver.statusCode, 409, 'a test is sent anew, not redelivered');
    });

    it('reports a receiver that fails, and tries a URL given before it is saved', async () => {
      const failed = await call('POST', '/v1/webhooks/test', dj.key, { url: `${receiver.base}/down` });
      assert.equal(failed.statusCode, 200, failed.body);
      const delivery = failed.json();
      assert.deepEqual(
        [delivery.status, delivery.lastStatusCode, delivery.lastError, delivery.url],
        ['failed', 503, 'HTTP 503', `${receiver.base}/down`],
      );
      const unreachable = await call('POST', '/v1/webhooks/test', dj.key, { url: 'http://127.0.0.1:1/' });
      assert.equal(unreachable.json().status, 'failed');
      assert.equal(unreachable.json().lastStatusCode, null);
      assert.match(unreachable.json().lastError, /ECONNREFUSED/);
      const bad = await call('POST', '/v1/webhooks/test', dj.key, { url: 'ftp://example.com/' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.field, 'url');
    });

    it('documents the routes with named schemas in /openapi.json', async () => {
      const document = (await dj.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      for (const name of ['Me', 'ApiKey', 'CreatedApiKey', 'ApiKeyList', 'WebhookTestRequest']) {
        assert.ok(document.components.schemas[name], name);
      }
      const operations = Object.values(
        document.paths as Record<string, Record<string, { operationId: string }>>,
      ).flatMap((path) => Object.values(path).map((operation) => operation.operationId));
      for (const id of ['getMe', 'listApiKeys', 'createApiKey', 'getApiKey', 'revokeApiKey', 'testWebhook']) {
        assert.ok(operations.includes(id), id);
      }
    });
  });

  describe(`webhook test address guard on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'console-api-guard', {}, { worker: false });
    });
    after(async () => dj?.close());

    it('refuses a private address with a 400, as saving it would', async () => {
      for (const url of ['http://127.0.0.1:9/', 'http://169.254.169.254/latest/meta-data']) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/webhooks/test',
          headers: dj.auth,
          payload: { url },
        });
        assert.equal(response.statusCode, 400, url);
        assert.equal(response.json().error.field, 'url');
      }
    });
  });
}
