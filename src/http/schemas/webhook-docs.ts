/**
 * What a webhook receiver is sent: the payload (from core/webhook-payload.ts's one list of fields,
 * so the document cannot drift from it) and the OpenAPI 3.1 `webhooks` entry that describes the
 * POST, its Standard Webhooks headers and the answers the sender reads.
 */
import { type WebhookPayloadField, webhookEvents, webhookPayloadFields } from '../../core/webhook-payload.ts';
import { webhookTestEvent } from '../../core/webhook-test-payload.ts';
import { component, ref } from './registry.ts';

const kinds = {
  event: { type: 'string', enum: [...webhookEvents] },
  text: { type: 'string' },
  number: { type: 'number' },
  failure: ref('JobError'),
  metadata: ref('Metadata'),
  timestamp: { type: 'string', format: 'date-time' },
} as const;

const descriptions: Partial<Record<WebhookPayloadField, string>> = {
  jobGuid: 'The same as jobId, for DocuDevs clients',
  status: "The job's terminal status",
};

export const webhookPayloadSchema = component('WebhookPayload', {
  type: 'object',
  description:
    'The body of every delivery, as JSON in this key order; its bytes are what webhook-signature signs (verify them before parsing)',
  additionalProperties: false,
  required: webhookPayloadFields.map((field) => field.name),
  properties: Object.fromEntries(
    webhookPayloadFields.map((field) => {
      const kind = kinds[field.kind];
      const schema = 'nullable' in field ? { anyOf: [kind, { type: 'null' }] } : kind;
      const description = descriptions[field.name];
      return [field.name, description ? { ...schema, description } : schema];
    }),
  ),
});

/** What POST /v1/webhooks/test sends (core/webhook-test-payload.ts): no job, its own type. */
export const webhookTestPayloadSchema = component('WebhookTestPayload', {
  type: 'object',
  description: 'The body of a test delivery (POST /v1/webhooks/test), signed like every delivery',
  additionalProperties: false,
  required: ['type', 'message', 'createdAt'],
  properties: {
    type: { type: 'string', const: webhookTestEvent },
    message: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
});

const header = (name: string, description: string, example?: string) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string', ...(example ? { example } : {}) },
});

/** OpenAPI 3.1 `webhooks`: the request docjobs makes to a job's or the organisation's webhook URL. */
export const webhooksSection = {
  jobEnded: {
    post: {
      summary: 'A job reached a terminal state (the events of the webhook setting)',
      description:
        "Signed per the Standard Webhooks spec with the organisation's secret (GET /v1/settings/webhook). Retried with exponential backoff for a day until a 2xx answer; every attempt of one delivery has the same webhook-id, so a receiver can drop repeats.",
      parameters: [
        header('webhook-id', 'The delivery id (GET /v1/webhooks/deliveries): the same on every attempt'),
        header('webhook-timestamp', 'Unix seconds when this attempt was signed', '1767225600'),
        header(
          'webhook-signature',
          'v1,<base64 of HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}", keyed with the secret\'s base64-decoded part after whsec_>',
          'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
        ),
      ],
      requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookPayload') } } },
      responses: {
        '2XX': { description: 'Received: the delivery is done' },
        default: { description: 'Any other answer (or none in time) is retried' },
      },
    },
  },
};
