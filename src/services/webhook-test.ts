import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import { signatureHeaders } from '../core/webhook-signing.ts';
import { newDeliveryId, webhookTestBody, webhookTestPayload } from '../core/webhook-test-payload.ts';
import { type Delivery, getDelivery } from '../store/webhooks/deliveries.ts';
import { ensureWebhookSetting } from '../store/webhooks/settings.ts';
import { insertTestDelivery } from '../store/webhooks/test-delivery.ts';
import { checkWebhookTarget } from './address-guard.ts';
import type { Context } from './context.ts';
import { postWebhook } from './webhook-sender.ts';

/**
 * POST /v1/webhooks/test: send a signed `webhook.test` event to the organisation's webhook URL (or
 * the `url` given, to try one before saving it) and answer how the receiver took it. It goes the
 * way every delivery goes — the organisation's secret, the Standard Webhooks headers, the sender
 * with its address guard (a private or metadata address is refused at connect time, whatever DNS
 * says) and its timeout — but is sent here and now, once, rather than through the outbox: the
 * console's "send test" waits for the answer, and a test is not worth a day of retries. It is
 * logged as a delivery with its one attempt (GET /v1/webhooks/deliveries shows it).
 */
export async function sendTestWebhook(
  ctx: Pick<Context, 'db' | 'config'>,
  orgId: OrgId,
  request: { url?: string },
): Promise<Delivery> {
  const setting = await ensureWebhookSetting(ctx.db, orgId);
  const url = request.url ?? setting.url;
  if (!url) {
    throw new DocjobsError(
      'VALIDATION_ERROR',
      'the organisation has no webhook URL: give one as url, or set it (PUT /v1/settings/webhook)',
      { details: { field: 'url' } },
    );
  }
  // The check a saved URL passed (writeWebhookSetting): a clear 400 rather than a failed delivery.
  const fault = await checkWebhookTarget(url, { field: 'url', allowPrivate: ctx.config.webhookAllowPrivate });
  if (fault) throw new DocjobsError('VALIDATION_ERROR', fault.message, { details: { field: fault.field } });

  const at = new Date();
  const id = newDeliveryId(at);
  const payload = webhookTestPayload(at);
  const body = webhookTestBody(payload);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'docjobs-webhooks/1',
    ...signatureHeaders(setting.secret, { id, timestamp: Math.floor(at.getTime() / 1000), body }),
  };
  const outcome = await postWebhook(url, headers, body, {
    timeoutMs: ctx.config.webhookTimeoutMs,
    allowPrivate: ctx.config.webhookAllowPrivate,
  });
  await insertTestDelivery(ctx.db, { id, orgId, url, payload, at, ...outcome });
  return (await getDelivery(ctx.db, orgId, id))!;
}
