import type { FastifyInstance } from 'fastify';
import { type DeliveryStatus, deliveryStatuses, webhookEvents } from '../../core/webhook-payload.ts';
import { webhookTestEvent } from '../../core/webhook-test-payload.ts';
import type { Context } from '../../services/context.ts';
import {
  findDelivery,
  listWebhookDeliveries,
  readWebhookSetting,
  redeliver,
  removeWebhookSetting,
  type WebhookSettingRequest,
  writeWebhookSetting,
} from '../../services/webhook-settings.ts';
import { pagingProperties, readPageRequest } from '../paging.ts';
import { namedPage } from '../schemas/pages.ts';
import { closedComponent, component } from '../schemas/registry.ts';
import { webhookPayloadSchema, webhookTestPayloadSchema } from '../schemas/webhook-docs.ts';
import { errorResponses, errorSchema } from '../schemas.ts';

const settingSchema = closedComponent('WebhookSetting', {
  type: 'object',
  properties: {
    url: {
      type: ['string', 'null'],
      description: "The organisation's target; null: per-job webhookUrl only",
    },
    secret: { type: 'string', description: 'whsec_ + base64 key: verify `webhook-signature` with it' },
    events: { type: 'array', items: { type: 'string', enum: [...webhookEvents] } },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const);

const deliveryProperties = {
  id: { type: 'string', description: 'Also the webhook-id header of every attempt' },
  jobId: { type: ['string', 'null'], description: 'Null for a test delivery (POST /v1/webhooks/test)' },
  event: { type: 'string', enum: [...webhookEvents, webhookTestEvent] },
  url: { type: 'string' },
  status: { type: 'string', enum: [...deliveryStatuses] },
  attemptCount: { type: 'integer' },
  nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
  lastStatusCode: { type: ['integer', 'null'] },
  lastLatencyMs: { type: ['integer', 'null'] },
  lastError: { type: ['string', 'null'] },
  createdAt: { type: 'string', format: 'date-time' },
  deliveredAt: { type: ['string', 'null'], format: 'date-time' },
  payload: { type: 'object', additionalProperties: true, description: 'The body that is sent' },
  attempts: {
    type: 'array',
    items: closedComponent('WebhookAttempt', {
      type: 'object',
      properties: {
        attempt: { type: 'integer' },
        at: { type: 'string', format: 'date-time' },
        statusCode: { type: ['integer', 'null'] },
        latencyMs: { type: ['integer', 'null'] },
        error: { type: ['string', 'null'] },
      },
    } as const),
  },
} as const;

export const deliverySchema = closedComponent(
  'WebhookDelivery',
  { type: 'object', properties: deliveryProperties } as const,
  [],
  {
    properties: {
      ...deliveryProperties,
      payload: { anyOf: [webhookPayloadSchema, webhookTestPayloadSchema] },
    },
  },
);

const deliveryPage = namedPage('WebhookDeliveryPage', 'deliveries', deliverySchema);

const notFound = { 404: { description: 'No such delivery in your organisation', ...errorSchema } };
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

interface DeliveriesQuery {
  jobId?: string;
  status?: DeliveryStatus[];
  limit?: number;
  offset?: number;
  cursor?: string;
}

/** Organisation webhook setting, delivery log and replay (DESIGN.md "Webhooks"). */
export function webhookRoutes(app: FastifyInstance, ctx: Context): void {
  app.get(
    '/v1/settings/webhook',
    {
      schema: {
        operationId: 'getWebhookSetting',
        summary: "The organisation's webhook, with its secret",
        description:
          'Made on first read when there is none (no url, a new secret, every event): per-job `webhookUrl` deliveries are signed with this secret too.',
        tags: ['webhooks'],
        response: { 200: settingSchema, ...errorResponses },
      },
    },
    async (request) => readWebhookSetting(ctx, request.org.id),
  );

  app.put<{ Body: WebhookSettingRequest }>(
    '/v1/settings/webhook',
    {
      schema: {
        operationId: 'setWebhookSetting',
        summary: "Set the organisation's webhook",
        description:
          'Replaces the setting. Without `secret` a new one is generated and returned; send the current one to keep it. `events` defaults to every terminal event.',
        tags: ['webhooks'],
        body: component('WebhookSettingRequest', {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: {
            url: { type: 'string', minLength: 1, maxLength: 2048 },
            secret: { type: 'string', maxLength: 200 },
            events: {
              type: 'array',
              minItems: 1,
              items: { type: 'string', enum: [...webhookEvents] },
            },
          },
        }),
        response: { 200: settingSchema, ...errorResponses },
      },
    },
    async (request) => writeWebhookSetting(ctx, request.org.id, request.body),
  );

  app.delete(
    '/v1/settings/webhook',
    {
      schema: {
        operationId: 'deleteWebhookSetting',
        summary: "Remove the organisation's webhook and its secret",
        tags: ['webhooks'],
        response: { 204: { description: 'Removed (or there was none)', type: 'null' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeWebhookSetting(ctx, request.org.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: DeliveriesQuery }>(
    '/v1/webhooks/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        summary: 'Webhook deliveries, newest first, with every attempt',
        description:
          'Filters `jobId` and `status` (may repeat). Page with `offset` or the `nextCursor` of the previous page.',
        tags: ['webhooks'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            jobId: { type: 'string', maxLength: 64 },
            status: { type: 'array', items: { type: 'string', enum: [...deliveryStatuses] } },
            ...pagingProperties,
          },
        },
        response: { 200: deliveryPage, ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      return listWebhookDeliveries(
        ctx,
        request.org.id,
        { jobId: query.jobId, statuses: query.status },
        readPageRequest(query),
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/webhooks/deliveries/:id',
    {
      schema: {
        operationId: 'getWebhookDelivery',
        summary: 'One delivery with its attempts',
        tags: ['webhooks'],
        params: idParams,
        response: { 200: deliverySchema, ...errorResponses, ...notFound },
      },
    },
    async (request) => findDelivery(ctx, request.org.id, request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/v1/webhooks/deliveries/:id/redeliver',
    {
      schema: {
        operationId: 'redeliverWebhook',
        summary: 'Send a delivery again, with the same webhook-id and body',
        description: 'Whatever its status; a new retry window starts. Answers 202 with the delivery.',
        tags: ['webhooks'],
        params: idParams,
        response: { 202: deliverySchema, ...errorResponses, ...notFound },
      },
    },
    async (request, reply) => {
      const delivery = await redeliver(ctx, request.org.id, request.params.id);
      return reply.status(202).send(delivery);
    },
  );
}
