import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import { type WebhookEvent, webhookEvents } from '../core/webhook-payload.ts';
import { generateSecret, secretBytes, secretKey } from '../core/webhook-signing.ts';
import { webhookTestEvent } from '../core/webhook-test-payload.ts';
import {
  type Delivery,
  type DeliveryFilter,
  type DeliveryPage,
  getDelivery,
  listDeliveries,
  markForRedelivery,
  webhookChannel,
} from '../store/webhooks/deliveries.ts';
import {
  deleteWebhookSetting,
  ensureWebhookSetting,
  putWebhookSetting,
  type WebhookSetting,
} from '../store/webhooks/settings.ts';
import { checkWebhookTarget } from './address-guard.ts';
import type { Context } from './context.ts';

/** What the routes ask for; the owner (an API key of the organisation) sees the secret. */

export const readWebhookSetting = (ctx: Context, orgId: OrgId): Promise<WebhookSetting> =>
  ensureWebhookSetting(ctx.db, orgId);

export interface WebhookSettingRequest {
  url: string;
  secret?: string;
  events?: WebhookEvent[];
}

/**
 * Replace the organisation's webhook. PUT replaces the whole setting: without `secret` a new one
 * is generated (and returned); send the current secret back to keep it.
 */
export async function writeWebhookSetting(
  ctx: Context,
  orgId: OrgId,
  request: WebhookSettingRequest,
): Promise<WebhookSetting> {
  const fault = await checkWebhookTarget(request.url, {
    field: 'url',
    allowPrivate: ctx.config.webhookAllowPrivate,
  });
  if (fault) throw new DocjobsError('VALIDATION_ERROR', fault.message, { details: { field: fault.field } });
  if (request.secret !== undefined && !secretKey(request.secret)) {
    throw new DocjobsError(
      'VALIDATION_ERROR',
      `secret must be "whsec_" followed by the base64 of ${secretBytes.min} to ${secretBytes.max} bytes`,
      { details: { field: 'secret' } },
    );
  }
  const events = request.events?.length ? [...new Set(request.events)] : [...webhookEvents];
  return putWebhookSetting(ctx.db, orgId, {
    url: request.url,
    secret: request.secret ?? generateSecret(),
    events,
  });
}

/** Idempotent: deleting what is not there is done too. */
export async function removeWebhookSetting(ctx: Context, orgId: OrgId): Promise<void> {
  await deleteWebhookSetting(ctx.db, orgId);
}

export const listWebhookDeliveries = (
  ctx: Context,
  orgId: OrgId,
  filter: DeliveryFilter,
  page: Parameters<typeof listDeliveries>[3],
): Promise<DeliveryPage> => listDeliveries(ctx.db, orgId, filter, page);

export async function findDelivery(ctx: Context, orgId: OrgId, id: string): Promise<Delivery> {
  const delivery = await getDelivery(ctx.db, orgId, id);
  if (!delivery) throw new DocjobsError('NOT_FOUND', 'no such delivery');
  return delivery;
}

/** Send a delivery again with the same webhook-id and body; a new retry window starts. */
export async function redeliver(ctx: Context, orgId: OrgId, id: string): Promise<Delivery> {
  // A test is sent by its route, never by the outbox's sender (which builds job payloads).
  if ((await getDelivery(ctx.db, orgId, id))?.event === webhookTestEvent) {
    throw new DocjobsError(
      'CONFLICT',
      'a test delivery is not redelivered: send a new test (POST /v1/webhooks/test)',
    );
  }
  if (!(await markForRedelivery(ctx.db, orgId, id, webhookChannel(ctx.db)))) {
    throw new DocjobsError('NOT_FOUND', 'no such delivery');
  }
  return findDelivery(ctx, orgId, id);
}
