import { type Docjobs, isTerminal, type WebhookEvent } from '../../packages/client/src/index.ts';
import type { Flags } from './arguments.ts';
import { exitCodes, usageError } from './exit-codes.ts';
import { withRemote } from './remote.ts';
import { renderPairs } from './table.ts';

const events = ['job.completed', 'job.partial', 'job.failed', 'job.timeout', 'job.cancelled'];

interface Setting {
  url: string | null;
  secret: string;
  events: string[];
  updatedAt?: string;
}

const settingView = (setting: Setting) =>
  renderPairs([
    ['url', setting.url ?? '— (per-job webhookUrl only)'],
    ['secret', setting.secret],
    ['events', setting.events.join(', ')],
  ]);

/**
 * `docjobs webhook get | set URL [--secret] [--events …] | test`. `test` is a real delivery, not a
 * sample posted from here: it submits a one-line text job and waits for the server's delivery of
 * its end to the organisation's URL, signed as every delivery is, then prints how the receiver
 * answered. What the receiver sees is what it will see in production, from the server's network.
 */
export async function webhookCommand(flags: Flags, args: string[]): Promise<number> {
  const [action, url, ...extra] = args;
  if (action === 'set' && (!url || extra.length > 0))
    throw usageError('usage: docjobs webhook set URL [--secret whsec_…] [--events …]');
  if (action !== 'set' && action !== 'get' && action !== 'test')
    throw usageError('usage: docjobs webhook get | set URL [--secret whsec_…] [--events …] | test');
  const chosen = flags.events?.split(',').map((event) => event.trim());
  for (const event of chosen ?? [])
    if (!events.includes(event))
      throw usageError(`--events takes some of ${events.join(', ')}; got "${event}"`);
  return withRemote(flags, async ({ client }) => {
    if (action === 'test') return testDelivery(client, flags.json);
    const setting = (
      action === 'get'
        ? await client.webhooks.getSettings()
        : await client.webhooks.updateSettings({
            url: url!,
            secret: flags.secret,
            events: chosen as WebhookEvent[] | undefined,
          })
    ) as Setting;
    console.log(flags.json ? JSON.stringify(setting, null, 2) : settingView(setting));
    return exitCodes.ok;
  });
}

async function testDelivery(client: Docjobs, json: boolean): Promise<number> {
  const setting = (await client.webhooks.getSettings()) as Setting;
  if (!setting.url)
    throw usageError('the organisation has no webhook URL: set one with "docjobs webhook set URL"');
  const file = new Blob(['docjobs webhook test\n'], { type: 'text/plain' });
  let job = await client.submit({
    file,
    fileName: 'webhook-test.txt',
    metadata: { docjobsWebhookTest: 'true' },
  });
  job = await client.wait(job.id);
  // The delivery is written with the job's end (an outbox row) and sent by the worker: wait for
  // its first attempt's outcome, delivered or not (a failing receiver is retried for hours).
  let delivery: Delivery | undefined;
  for (let asked = 0; ; asked++) {
    const page = (await client.webhooks.deliveriesPage({ jobId: job.id })) as { deliveries: Delivery[] };
    delivery = page.deliveries[0];
    // An attempt counts once it has an outcome: the count goes up as the attempt starts.
    if (
      delivery &&
      (delivery.status !== 'pending' || delivery.lastStatusCode !== null || delivery.lastError !== null)
    )
      break;
    if (asked === 120) throw new Error(`no delivery attempt for ${job.id} in 60 s: is a worker running?`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (json) console.log(JSON.stringify(delivery, null, 2));
  else
    console.log(
      renderPairs([
        ['job', `${job.id} (${job.status})`],
        ['delivery', `${delivery.id} ${delivery.event} → ${delivery.url}`],
        ['status', delivery.status],
        [
          'answer',
          delivery.lastStatusCode === null
            ? `no answer: ${delivery.lastError ?? ''}`
            : `HTTP ${delivery.lastStatusCode}`,
        ],
        ['latency', delivery.lastLatencyMs === null ? '—' : `${delivery.lastLatencyMs} ms`],
      ]),
    );
  return delivery.status === 'delivered' && isTerminal(job.status) ? exitCodes.ok : exitCodes.jobFailed;
}

interface Delivery {
  id: string;
  event: string;
  url: string;
  status: string;
  attemptCount: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
}
