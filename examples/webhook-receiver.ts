/**
 * A webhook receiver: checks each delivery's signature with verifyWebhook before trusting it.
 *
 *   node examples/webhook-receiver.ts [PUBLIC_URL]
 *
 * It listens on PORT (default 4000) and registers PUBLIC_URL (default http://127.0.0.1:PORT/hooks)
 * as the organisation's webhook: the docjobs server must be able to reach that address (a server
 * that may call private addresses runs with WEBHOOK_ALLOW_PRIVATE=true). With DEMO_FILE set it
 * submits that document and stops after its delivery; otherwise it runs until stopped.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WebhookVerificationError } from '@docjobs/client';
import { connect } from './connect.ts';

const docjobs = connect();
/** The organisation's signing secret (whsec_…), known once the webhook is registered below. */
let secret = '';
const server = createServer(async (request, reply) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    // The raw body, as received: a body parsed and written again would not match its signature.
    const event = await verifyWebhook(request.headers, Buffer.concat(chunks), secret);
    // The console's "send test" (POST /v1/webhooks/test) announces no job: acknowledge it.
    if (event.type === 'webhook.test') console.log(`verified a test: ${event.message}`);
    else console.log(`verified ${event.type} for ${event.jobId}: ${event.status}`);
    reply.writeHead(204).end();
    if (process.env.DEMO_FILE) server.close();
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.error(`refused a delivery: ${error.message}`);
    reply.writeHead(400).end();
  }
});
await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const url = process.argv[2] ?? `http://127.0.0.1:${port}/hooks`;

// Setting the URL keeps the secret when it is sent back; without one the server makes a new one.
const current = await docjobs.webhooks.getSettings();
secret = (await docjobs.webhooks.updateSettings({ url, secret: current.secret })).secret ?? '';
console.log(`listening on ${url}`);

if (process.env.DEMO_FILE) {
  const job = await docjobs.submit({ file: process.env.DEMO_FILE });
  console.log(`submitted ${job.id}`);
}
