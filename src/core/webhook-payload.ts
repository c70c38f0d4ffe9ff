/** The events a webhook announces: one per terminal state a job reaches by running or cancelling. */
export const webhookEvents = [
  'job.completed',
  'job.partial',
  'job.failed',
  'job.timeout',
  'job.cancelled',
] as const;

export type WebhookEvent = (typeof webhookEvents)[number];

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;

export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** What every delivery carries (frozen by the outbox trigger in migration 0005). */
export interface WebhookPayload {
  type: WebhookEvent;
  jobId: string;
  /** The same value as jobId, for DocuDevs clients. */
  jobGuid: string;
  status: string;
  error: { code: string; message: string; stage: string | null; retryable: boolean } | null;
  qualityScore: number | null;
  qualityCategory: string | null;
  metadata: Record<string, string>;
  createdAt: string;
  completedAt: string;
}

/**
 * The request body, keys in the documented order (jsonb keeps its own order). The same payload
 * always gives the same bytes, so a redelivery is byte-identical to the first delivery.
 */
export function webhookBody(payload: WebhookPayload): string {
  return JSON.stringify({
    type: payload.type,
    jobId: payload.jobId,
    jobGuid: payload.jobGuid,
    status: payload.status,
    error: payload.error ?? null,
    qualityScore: payload.qualityScore ?? null,
    qualityCategory: payload.qualityCategory ?? null,
    metadata: payload.metadata ?? {},
    createdAt: payload.createdAt,
    completedAt: payload.completedAt,
  });
}
