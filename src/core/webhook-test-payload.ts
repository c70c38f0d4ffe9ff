import { randomBytes } from 'node:crypto';

/**
 * What POST /v1/webhooks/test sends: an event of its own type, so a receiver that routes on `type`
 * cannot take it for a job's end. It is signed like every delivery (same secret, same headers):
 * a receiver that verifies and answers 2xx here will accept the real ones.
 */
export const webhookTestEvent = 'webhook.test';

export interface WebhookTestPayload {
  type: typeof webhookTestEvent;
  message: string;
  /** UTC, milliseconds, `Z`, like the job payload's timestamps. */
  createdAt: string;
}

export function webhookTestPayload(at: Date): WebhookTestPayload {
  return {
    type: webhookTestEvent,
    message: 'A test delivery from docjobs: answer 2xx to acknowledge it. It announces no job.',
    createdAt: at.toISOString(),
  };
}

/** Key order as written above: the signed bytes are these. */
export const webhookTestBody = (payload: WebhookTestPayload) => JSON.stringify(payload);

/**
 * A delivery id of the outbox's shape (migration 0005): "msg_", 12 hex digits of milliseconds,
 * 16 random hex digits — time-ordered, so the test sorts among the deliveries by when it was sent.
 */
export function newDeliveryId(at: Date): string {
  return `msg_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(8).toString('hex')}`;
}
