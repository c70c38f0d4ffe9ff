import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { nextStep, retryDelayMs } from '../src/core/webhook-retries.ts';
import { generateSecret, secretKey, sign } from '../src/core/webhook-signing.ts';
import { postWebhook } from '../src/services/webhook-sender.ts';
import { isBlockedAddress } from '../src/services/address-guard.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitFor, waitTerminal } from './harness.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  answered: number;
}

/**
 * A real receiver on 127.0.0.1. /ok answers 200; /flaky 500 to the first two requests of each
 * webhook-id, then 200; /fail always 302 (to /ok: a redirect that must not be followed).
 */
async function startReceiver() {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const id = String(req.headers['webhook-id']);
      const count = (seen.get(`${path} ${id}`) ?? 0) + 1;
      seen.set(`${path} ${id}`, count);
      let answered = 200;
      if (path === '/flaky' && count <= 2) answered = 500;
      if (path === '/fail') answered = 302;
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        answered,
      });
      res.writeHead(answered, answered === 302 ? { location: '/ok' } : {}).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    forId: (id: string) => received.filter((r) => r.headers['webhook-id'] === id),
    forJob: (jobId: string) => received.filter((r) => JSON.parse(r.body).jobId === jobId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Standard Webhooks check, written against node:crypto alone (not our signing module). */
function signatureIsValid(secret: string, request: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64');
  return String(request.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe('webhook signing, address guard and retry schedule', () => {
  it('signs the Standard Webhooks reference vector', () => {
    // The example of the Standard Webhooks specification and its libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = sign(secret, {
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    });
    assert.equal(signature, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('generates whsec_ secrets of at least 24 random bytes and validates given ones', () => {
    const a = generateSecret();
    const b = generateSecret();
    assert.match(a, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
    assert.notEqual(a, b);
    assert.ok(secretKey(a)!.length >= 24);
    assert.equal(secretKey('whsec_dG9vIHNob3J0'), null); // "too short"
    assert.equal(secretKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), null);
    assert.equal(secretKey('whsec_not base64!'), null);
  });

  it('refuses private, loopback, link-local and metadata addresses', () => {
    const refused = [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '127.8.8.8',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a00:1',
      '2002:c0a8:101::1',
      'not-an-ip',
    ];
    for (const address of refused) assert.equal(isBlockedAddress(address), true, address);
    for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:808:808']) {
      assert.equal(isBlockedAddress(address), false, address);
    }
  });

  it('backs off exponentially with jitter and fails past the window', () => {
    assert.equal(
      retryDelayMs(1, 5000, () => 0.5),
      5000,
    );
    assert.equal(
      retryDelayMs(2, 5000, () => 0.5),
      10_000,
    );
    assert.equal(
      retryDelayMs(3, 5000, () => 0),
      16_000,
    );
    assert.equal(
      retryDelayMs(30, 5000, () => 0.5),
      3_600_000,
    );
    const now = new Date('2030-01-01T00:00:00Z');
    const base = { attempt: 3, now, baseMs: 5000, windowHours: 24, random: () => 0.5 };
    assert.deepEqual(nextStep({ ...base, ok: true, windowStartedAt: now }), { status: 'delivered' });
    assert.deepEqual(nextStep({ ...base, ok: false, windowStartedAt: now }), {
      status: 'pending',
      at: new Date(now.getTime() + 20_000),
    });
    const old = new Date(now.getTime() - 24 * 3_600_000 + 10_000);
    assert.deepEqual(nextStep({ ...base, ok: false, windowStartedAt: old }), { status: 'failed' });
  });

  it('refuses a private target at send time, also behind a name, and follows no redirect', async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.base).port;
      const options = { timeoutMs: 2000, allowPrivate: false };
      const direct = await postWebhook(`${receiver.base}/ok`, {}, '{}', options);
      assert.equal(direct.statusCode, null);
      // The refusal names the setting that would allow it.
      assert.match(direct.error!, /refused: .*WEBHOOK_ALLOW_PRIVATE=true/);
      const named = await postWebhook(`http://localhost:${port}/ok`, {}, '{}', options);
      assert.match(named.error!, /refused: .*WEBHOOK_ALLOW_PRIVATE=true/);
      assert.equal(receiver.received.length, 0);
      const allowed = await postWebhook(`http://localhost:${port}/ok`, {}, '{}', {
        ...options,
        allowPrivate: true,
      });
      assert.deepEqual([allowed.statusCode, allowed.error], [200, null]);
      const redirected = await postWebhook(`${receiver.base}/fail`, {}, '{}', {
        ...options,
        allowPrivate: true,
      });
      assert.deepEqual([redirected.statusCode, redirected.error], [302, 'HTTP 302']);
      assert.deepEqual(
        receiver.received.map((r) => r.path),
        ['/ok', '/fail'],
      );
    } finally {
      await receiver.close();
    }
  });
});

for (const backend of backends) {
  describe(`Webhooks on ${backend}`, () => {
    let dj: TestDocjobs;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const deliveriesOf = async (query: string, auth = dj.auth) =>
      (await dj.app.inject({ url: `/v1/webhooks/deliveries?${query}`, headers: auth })).json();
    const putSetting = (payload: Record<string, unknown>, auth = dj.auth) =>
      dj.app.inject({ method: 'PUT', url: '/v1/settings/webhook', headers: auth, payload });
    const delivered = (jobId: string) =>
      waitFor(async () => {
        const page = await deliveriesOf(`jobId=${jobId}`);
        return page.deliveries[0]?.status === 'delivered' ? page.deliveries[0] : null;
      });

    before(async () => {
      receiver = await startReceiver();
      dj = await startTestDocjobs(backend, 'webhooks', {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_RETRY_BASE_MS: '50',
      });
    });
    after(async () => {
      await dj?.close();
      await receiver?.close();
    });

    it('keeps a secret per organisation: generated on read and on a PUT without one, kept when given', async () => {
      const first = (await dj.app.inject({ url: '/v1/settings/webhook', headers: dj.auth })).json();
      assert.equal(first.url, null);
      assert.ok(secretKey(first.secret));
      assert.deepEqual(first.events, [
        'job.completed',
        'job.partial',
        'job.failed',
        'job.timeout',
        'job.cancelled',
      ]);
      const again = (await dj.app.inject({ url: '/v1/settings/webhook', headers: dj.auth })).json();
      assert.equal(again.secret, first.secret);

      const put = await putSetting({ url: `${receiver.base}/ok` });
      assert.equal(put.statusCode, 200, put.body);
      assert.ok(secretKey(put.json().secret));
      assert.notEqual(put.json().secret, first.secret);
      const mine = generateSecret();
      const kept = (
        await putSetting({ url: `${receiver.base}/ok`, secret: mine, events: ['job.completed'] })
      ).json();
      assert.equal(kept.secret, mine);
      assert.deepEqual(kept.events, ['job.completed']);

      const other = (await dj.app.inject({ url: '/v1/settings/webhook', headers: dj.otherAuth })).json();
      assert.notEqual(other.secret, mine);
      assert.equal(other.url, null);

      for (const [payload, field] of [
        [{ url: `${receiver.base}/ok`, secret: 'whsec_dG9vIHNob3J0' }, 'secret'],
        [{ url: `${receiver.base}/ok`, events: ['job.started'] }, 'events.0'],
        [{ url: 'ftp://example.com/hook' }, 'url'],
        [{ secret: mine }, 'url'],
      ] as const) {
        const bad = await putSetting(payload);
        assert.equal(bad.statusCode, 400, bad.body);
        assert.equal(bad.json().error.code, 'VALIDATION_ERROR');
        assert.equal(bad.json().error.field, field);
      }
    });

    it('announces a completed job to the organisation URL: signed, with the documented fields', async () => {
      const { secret } = (await putSetting({ url: `${receiver.base}/ok` })).json();
      const job = await submit(dj, 'hello webhooks', 'hello.txt', { metadata: { project: 'hooks' } });
      const done = await waitTerminal(dj, job.id);
      assert.equal(done.status, 'completed');
      const delivery = await delivered(job.id);
      const [request] = receiver.forJob(job.id);
      assert.ok(request, 'the receiver got the POST');
      assert.equal(receiver.forJob(job.id).length, 1);
      assert.equal(request.path, '/ok');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['webhook-id'], delivery.id);
      assert.match(delivery.id, /^msg_[0-9a-f]{28}$/);
      assert.ok(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000) < 300);
      assert.ok(signatureIsValid(secret, request), 'the signature verifies with the organisation secret');
      assert.equal(signatureIsValid(generateSecret(), request), false);
      assert.deepEqual(JSON.parse(request.body), {
        type: 'job.completed',
        jobId: job.id,
        jobGuid: job.id,
        status: 'completed',
        error: null,
        qualityScore: done.qualityScore,
        qualityCategory: done.qualityCategory,
        metadata: { project: 'hooks' },
        createdAt: done.createdAt,
        completedAt: done.completedAt,
      });
      assert.equal(delivery.event, 'job.completed');
      assert.equal(delivery.attemptCount, 1);
      assert.equal(delivery.attempts.length, 1);
      assert.equal(delivery.attempts[0].statusCode, 200);
      assert.equal(typeof delivery.attempts[0].latencyMs, 'number');
      assert.equal(delivery.lastStatusCode, 200);
      assert.ok(delivery.deliveredAt);
    });

    it('retries after failures, with the same webhook-id, until a 2xx', async () => {
      const { secret } = (await dj.app.inject({ url: '/v1/settings/webhook', headers: dj.auth })).json();
      const job = await submit(dj, 'flaky receiver', 'flaky.txt', { webhookUrl: `${receiver.base}/flaky` });
      await waitTerminal(dj, job.id);
      const delivery = await delivered(job.id);
      const requests = receiver.forId(delivery.id);
      assert.deepEqual(
        requests.map((r) => [r.path, r.answered]),
        [
          ['/flaky', 500],
          ['/flaky', 500],
          ['/flaky', 200],
        ],
      );
      for (const request of requests) assert.ok(signatureIsValid(secret, request));
      assert.equal(new Set(requests.map((r) => r.body)).size, 1, 'every attempt sends the same body');
      assert.deepEqual(
        delivery.attempts.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode]),
        [
          [1, 500],
          [2, 500],
          [3, 200],
        ],
      );
      assert.equal(delivery.attempts[0].error, 'HTTP 500');
      // The per-job URL overrode the organisation's: nothing went to /ok for this job.
      assert.equal(receiver.forJob(job.id).filter((r) => r.path === '/ok').length, 0);
    });

    it('filters the organisation URL by event; the outbox row commits with the status', async () => {
      await putSetting({ url: `${receiver.base}/ok`, events: ['job.failed'] });
      const fine = await submit(dj, 'no announcement', 'quiet.txt');
      assert.equal((await waitTerminal(dj, fine.id)).status, 'completed');
      // Written in the transaction of the status change: once the job is terminal, it is there or never.
      assert.equal((await deliveriesOf(`jobId=${fine.id}`)).total, 0);

      const broken = await submit(dj, '%PDF-1.7\nnot really a pdf', 'broken.pdf');
      const failed = await waitTerminal(dj, broken.id);
      assert.equal(failed.status, 'failed');
      assert.equal((await deliveriesOf(`jobId=${broken.id}`)).total, 1);
      const delivery = await delivered(broken.id);
      const body = JSON.parse(receiver.forId(delivery.id)[0]!.body);
      assert.equal(body.type, 'job.failed');
      assert.equal(body.status, 'failed');
      assert.equal(body.error.code, failed.error!.code);
    });

    it('marks a delivery failed once the retry window is over; redirects are not followed', async () => {
      const job = await submit(dj, 'never accepted', 'refused.txt', { webhookUrl: `${receiver.base}/fail` });
      await waitTerminal(dj, job.id);
      const first = await waitFor(async () => (await deliveriesOf(`jobId=${job.id}`)).deliveries[0]);
      await waitFor(async () => receiver.forId(first.id).length >= 1);
      // 24 h have passed since the first attempt, as far as the window is concerned.
      await dj.ctx.db.query(
        "UPDATE webhook_deliveries SET window_started_at = window_started_at - interval '25 hours' WHERE id = $1",
        [first.id],
      );
      const failed = await waitFor(async () => {
        const page = await deliveriesOf(`jobId=${job.id}`);
        return page.deliveries[0]?.status === 'failed' ? page.deliveries[0] : null;
      });
      assert.equal(failed.lastStatusCode, 302);
      assert.equal(failed.nextAttemptAt, null);
      assert.ok(failed.attempts.length >= 1);
      assert.ok(failed.attempts.every((a: { statusCode: number }) => a.statusCode === 302));
      assert.equal(receiver.forId(first.id).filter((r) => r.path === '/ok').length, 0);
      const listed = await deliveriesOf('status=failed');
      assert.ok(listed.deliveries.some((d: { id: string }) => d.id === first.id));
      assert.ok(listed.deliveries.every((d: { status: string }) => d.status === 'failed'));
    });

    it('redelivers with the same webhook-id and body, and hides deliveries from other organisations', async () => {
      await putSetting({ url: `${receiver.base}/ok` });
      const { secret } = (await dj.app.inject({ url: '/v1/settings/webhook', headers: dj.auth })).json();
      const job = await submit(dj, 'send me twice', 'twice.txt');
      await waitTerminal(dj, job.id);
      const delivery = await delivered(job.id);

      for (const url of [
        `/v1/webhooks/deliveries/${delivery.id}`,
        `/v1/webhooks/deliveries/${delivery.id}/redeliver`,
      ]) {
        const method = url.endsWith('redeliver') ? 'POST' : 'GET';
        const response = await dj.app.inject({ method, url, headers: dj.otherAuth });
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.json().error.code, 'NOT_FOUND');
      }
      assert.equal((await deliveriesOf(`jobId=${job.id}`, dj.otherAuth)).total, 0);
      assert.equal((await deliveriesOf('', dj.otherAuth)).total, 0);

      const response = await dj.app.inject({
        method: 'POST',
        url: `/v1/webhooks/deliveries/${delivery.id}/redeliver`,
        headers: dj.auth,
      });
      assert.equal(response.statusCode, 202, response.body);
      assert.equal(response.json().id, delivery.id);
      await waitFor(async () => receiver.forId(delivery.id).length === 2);
      const [one, two] = receiver.forId(delivery.id);
      assert.equal(two!.headers['webhook-id'], one!.headers['webhook-id']);
      assert.equal(two!.body, one!.body);
      assert.ok(signatureIsValid(secret, two!));
      const again = await waitFor(async () => {
        const got = (
          await dj.app.inject({ url: `/v1/webhooks/deliveries/${delivery.id}`, headers: dj.auth })
        ).json();
        return got.status === 'delivered' && got.attempts.length === 2 ? got : null;
      });
      assert.deepEqual(
        again.attempts.map((a: { statusCode: number }) => a.statusCode),
        [200, 200],
      );
    });

    it('pages the delivery log with a cursor, and stops announcing once the setting is deleted', async () => {
      const all = await deliveriesOf('limit=500');
      assert.ok(all.total >= 5);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await deliveriesOf(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.deliveries.map((d: { id: string }) => d.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        all.deliveries.map((d: { id: string }) => d.id),
      );
      assert.equal((await deliveriesOf('limit=1&offset=1')).deliveries[0].id, seen[1]);

      const removed = await dj.app.inject({
        method: 'DELETE',
        url: '/v1/settings/webhook',
        headers: dj.auth,
      });
      assert.equal(removed.statusCode, 204);
      const job = await submit(dj, 'nobody listens', 'silent.txt');
      await waitTerminal(dj, job.id);
      assert.equal((await deliveriesOf(`jobId=${job.id}`)).total, 0);
      const fresh = (await dj.app.inject({ url: '/v1/settings/webhook', headers: dj.auth })).json();
      assert.equal(fresh.url, null);
    });
  });

  describe(`Webhook targets without WEBHOOK_ALLOW_PRIVATE on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'webhooks-strict', {}, { worker: false });
    });
    after(async () => dj?.close());

    const privateUrls = [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://10.0.0.8/hook',
      'http://172.20.1.1/hook',
      'http://192.168.0.10/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.1.1/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://2130706433/hook', // 127.0.0.1 as one number
    ];

    it('answers 400 at PUT /v1/settings/webhook (field url)', async () => {
      for (const url of privateUrls) {
        const response = await dj.app.inject({
          method: 'PUT',
          url: '/v1/settings/webhook',
          headers: dj.auth,
          payload: { url },
        });
        assert.equal(response.statusCode, 400, url);
        assert.equal(response.json().error.code, 'VALIDATION_ERROR');
        assert.equal(response.json().error.field, 'url');
      }
      const fine = await dj.app.inject({
        method: 'PUT',
        url: '/v1/settings/webhook',
        headers: dj.auth,
        payload: { url: 'https://93.184.215.14/hook' },
      });
      assert.equal(fine.statusCode, 200, fine.body);
    });

    it('answers 400 at submit (field webhookUrl)', async () => {
      for (const webhookUrl of privateUrls) {
        const response = await dj.app.inject({
          method: 'POST',
          url: '/v1/jobs',
          headers: dj.auth,
          payload: { document: Buffer.from('x').toString('base64'), fileName: 'x.txt', webhookUrl },
        });
        assert.equal(response.statusCode, 400, webhookUrl);
        assert.equal(response.json().error.field, 'webhookUrl');
      }
      const job = await submit(dj, 'x', 'x.txt', { webhookUrl: 'https://93.184.215.14/hook' });
      assert.equal(job.webhookUrl, 'https://93.184.215.14/hook');
    });

    it('writes the outbox row at cancel too, waiting there for a worker to relay it', async () => {
      const job = await submit(dj, 'cancel me', 'cancel.txt', {
        webhookUrl: 'https://93.184.215.14/cancelled',
      });
      const cancel = await dj.app.inject({
        method: 'POST',
        url: `/v1/jobs/${job.id}/cancel`,
        headers: dj.auth,
      });
      assert.equal(cancel.statusCode, 200, cancel.body);
      const page = (
        await dj.app.inject({ url: `/v1/webhooks/deliveries?jobId=${job.id}`, headers: dj.auth })
      ).json();
      assert.equal(page.total, 1);
      assert.equal(page.deliveries[0].event, 'job.cancelled');
      assert.equal(page.deliveries[0].status, 'pending');
      assert.equal(page.deliveries[0].url, 'https://93.184.215.14/cancelled');
      assert.equal(page.deliveries[0].attemptCount, 0);
      assert.equal(page.deliveries[0].payload.type, 'job.cancelled');
    });
  });
}
