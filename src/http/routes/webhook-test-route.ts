import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { sendTestWebhook } from '../../services/webhook-test.ts';
import { emptyBodyIsEmptyObject } from '../empty-body.ts';
import { component } from '../schemas/registry.ts';
import { errorResponses } from '../schemas.ts';
import { deliverySchema } from './webhook-routes.ts';

/** POST /v1/webhooks/test: the console's and `docjobs webhook test`'s "send a test". */
export function webhookTestRoute(app: FastifyInstance, ctx: Context): void {
  app.post<{ Body: { url?: string } | undefined }>(
    '/v1/webhooks/test',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        operationId: 'testWebhook',
        summary: 'Send a signed webhook.test event now and answer how the receiver took it',
        description:
          "To the organisation's webhook URL, or to `url` (try a URL before saving it). Signed with the organisation's secret like every delivery, through the same sender and address guard; sent once, no retries. Answers the delivery, logged with its one attempt: `status` delivered (a 2xx) or failed, `lastStatusCode`, `lastLatencyMs`, `lastError`. A receiver that does not answer 2xx is a 200 with status failed, not an error of this request.",
        tags: ['webhooks'],
        body: component('WebhookTestRequest', {
          type: 'object',
          additionalProperties: false,
          properties: {
            url: {
              type: 'string',
              minLength: 1,
              maxLength: 2048,
              description: 'Where to send it instead of the saved URL',
            },
          },
        }),
        response: { 200: deliverySchema, ...errorResponses },
      },
    },
    async (request) => sendTestWebhook(ctx, request.org.id, request.body ?? {}),
  );
}
