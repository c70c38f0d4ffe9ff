import type { Docjobs, WebhookEvent } from '../../packages/client/src/index.ts';
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
 * `docjobs webhook get | set URL [--secret] [--events …] | test [URL]`. `test` asks the server to
 * send a signed `webhook.test` event (POST /v1/webhooks/test) to the organisation's URL, or to URL
 * to try one before saving it, and prints how the receiver answered: the server's sender, its
 * network and its secret, as every real delivery.
 */
export async function webhookCommand(flags: Flags, args: string[]): Promise<number> {
  const [action, url, ...extra] = args;
  if (action === 'set' && (!url || extra.length > 0))
    throw usageError('usage: docjobs webhook set URL [--secret whsec_…] [--events …]');
  if (action === 'test' && extra.length > 0) throw usageError('usage: docjobs webhook test [URL]');
  if (action !== 'set' && action !== 'get' && action !== 'test')
    throw usageError('usage: docjobs webhook get | set URL [--secret whsec_…] [--events …] | test [URL]');
  const chosen = flags.events?.split(',').map((event) => event.trim());
  for (const event of chosen ?? [])
    if (!events.includes(event))
      throw usageError(`--events takes some of ${events.join(', ')}; got "${event}"`);
  return withRemote(flags, async ({ client }) => {
    if (action === 'test') return testDelivery(client, url, flags.json);
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

async function testDelivery(client: Docjobs, url: string | undefined, json: boolean): Promise<number> {
  const delivery = (await client.webhooks.test(url ? { url } : {})) as Delivery;
  if (json) console.log(JSON.stringify(delivery, null, 2));
  else
    console.log(
      renderPairs([
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
  return delivery.status === 'delivered' ? exitCodes.ok : exitCodes.jobFailed;
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
