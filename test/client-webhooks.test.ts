import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Docjobs, verifyWebhook, WebhookVerificationError } from '../packages/client/src/index.ts';
import { startTestDocjobs, type TestDocjobs, waitFor } from './harness.ts';

/** A receiver that keeps each delivery's headers and raw body, as a user's endpoint would get them. */
async function startReceiver() {
  const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('@docjobs/client webhooks', () => {
  let dj: TestDocjobs;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: Docjobs;

  before(async () => {
    receiver = await startReceiver();
    dj = await startTestDocjobs('pglite', 'client-webhooks', { WEBHOOK_ALLOW_PRIVATE: 'true' });
    client = new Docjobs({ baseUrl: await dj.app.listen({ port: 0, host: '127.0.0.1' }), apiKey: dj.key });
  });
  after(async () => {
    await dj?.close();
    await receiver?.close();
  });

  it('verifies a real delivery with the secret from the settings, and refuses a forged or stale one', async () => {
    const settings = await client.webhooks.updateSettings({ url: receiver.url, events: ['job.completed'] });
    assert.equal((await client.webhooks.getSettings()).secret, settings.secret);
    const secret = settings.secret!;
    const job = await client.submitAndWait({ file: Buffer.from('announced'), fileName: 'hook.txt' });
    const delivery = await waitFor(async () => receiver.received.find((r) => r.body.includes(job.id)));

    const payload = await verifyWebhook(delivery.headers, delivery.body, secret);
    assert.ok(payload.type !== 'webhook.test');
    assert.equal(payload.jobId, job.id);
    assert.equal(payload.type, 'job.completed');
    assert.equal(payload.status, 'completed');
    // The same from a Fetch Headers object and a string body (a worker's or Deno's receiver).
    const headers = new Headers(delivery.headers as Record<string, string>);
    const again = await verifyWebhook(headers, delivery.body.toString(), secret);
    assert.equal('jobId' in again && again.jobId, job.id);

    const refused = (promise: Promise<unknown>, pattern: RegExp) =>
      assert.rejects(
        promise,
        (error) => error instanceof WebhookVerificationError && pattern.test(error.message),
      );
    const forged = Buffer.from(delivery.body.toString().replace(job.id, 'job_someone_else'));
    await refused(verifyWebhook(delivery.headers, forged, secret), /no webhook-signature matches/);
    const other = (await client.webhooks.updateSettings({ url: receiver.url, events: ['job.completed'] }))
      .secret;
    await refused(verifyWebhook(delivery.headers, delivery.body, other!), /no webhook-signature matches/);
    const later = Number(delivery.headers['webhook-timestamp']) + 301;
    await refused(verifyWebhook(delivery.headers, delivery.body, secret, { now: later }), /more than 300 s/);
    const { 'webhook-signature': _, ...unsigned } = delivery.headers;
    await refused(verifyWebhook(unsigned, delivery.body, secret), /missing/);
  });

  it('lists deliveries with their attempts and sends one again', async () => {
    const deliveries = [];
    for await (const delivery of client.webhooks.deliveries({ limit: 1 })) deliveries.push(delivery);
    assert.ok(deliveries.length >= 1);
    const first = deliveries.at(-1)!;
    assert.equal((await client.webhooks.delivery(first.id!)).id, first.id);
    const before = receiver.received.length;
    await client.webhooks.redeliver(first.id!);
    await waitFor(async () => receiver.received.length > before);
    const tested = await client.webhooks.test();
    assert.equal(tested.status, 'delivered');
    assert.equal(tested.lastStatusCode, 200);
    const got = receiver.received.find((r) => r.headers['webhook-id'] === tested.id);
    const { secret } = await client.webhooks.getSettings();
    const payload = await verifyWebhook(got!.headers, got!.body, secret!);
    assert.equal(payload.type, 'webhook.test');
    await client.webhooks.deleteSettings();
    await assert.rejects(client.webhooks.test(), /no webhook URL/);
    assert.equal((await client.webhooks.getSettings()).url, null);
  });
});
