import { errorCodes, type JobFailure } from './errors.ts';
import type { Metadata } from './job.ts';

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

/** The kinds of value a payload field holds, as TypeScript types. */
interface FieldKinds {
  event: WebhookEvent;
  text: string;
  number: number;
  failure: JobFailure;
  metadata: Metadata;
  /** UTC, milliseconds, `Z`: what Date#toISOString writes and the API shows. */
  timestamp: string;
}

type FieldKind = keyof FieldKinds;

interface FieldSpec {
  name: string;
  kind: FieldKind;
  nullable?: true;
}

/**
 * What every delivery carries, in the documented order: the one definition of the payload. The
 * WebhookPayload type and webhookBody's key order derive from it. The other writer, the outbox
 * trigger (enqueue_job_webhook, migration 0005, or a later migration that redefines it), builds the
 * frozen jsonb in SQL; src/store/webhooks/payload-drift.test.ts fires that trigger for every event
 * and fails unless what it stores has exactly these fields, of these kinds.
 */
export const webhookPayloadFields = [
  { name: 'type', kind: 'event' },
  { name: 'jobId', kind: 'text' },
  // The same value as jobId, for DocuDevs clients.
  { name: 'jobGuid', kind: 'text' },
  { name: 'status', kind: 'text' },
  { name: 'error', kind: 'failure', nullable: true },
  { name: 'qualityScore', kind: 'number', nullable: true },
  { name: 'qualityCategory', kind: 'text', nullable: true },
  { name: 'metadata', kind: 'metadata' },
  { name: 'createdAt', kind: 'timestamp' },
  { name: 'completedAt', kind: 'timestamp' },
] as const satisfies readonly FieldSpec[];

type PayloadField = (typeof webhookPayloadFields)[number];

export type WebhookPayloadField = PayloadField['name'];

export type WebhookPayload = {
  [F in PayloadField as F['name']]: FieldKinds[F['kind']] | (F extends { nullable: true } ? null : never);
};

const isText = (value: unknown): value is string => typeof value === 'string';

/** Every key of JobFailure, checked: a field added to it fails the type check here until it is checked too. */
const failureChecks: { [K in keyof JobFailure]-?: (value: unknown) => boolean } = {
  code: (value) => (errorCodes as readonly unknown[]).includes(value),
  message: isText,
  stage: (value) => value === null || isText(value),
  retryable: (value) => typeof value === 'boolean',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const kinds: {
  [K in FieldKind]: { is: (value: unknown) => value is FieldKinds[K]; absent?: FieldKinds[K] };
} = {
  event: { is: (value): value is WebhookEvent => (webhookEvents as readonly unknown[]).includes(value) },
  text: { is: isText },
  number: { is: (value): value is number => typeof value === 'number' && Number.isFinite(value) },
  failure: {
    is: (value): value is JobFailure =>
      isObject(value) &&
      sameKeys(Object.keys(value), Object.keys(failureChecks)) &&
      Object.entries(failureChecks).every(([key, check]) => check(value[key])),
  },
  metadata: {
    is: (value): value is Metadata => isObject(value) && Object.values(value).every(isText),
    absent: {},
  },
  timestamp: {
    is: (value): value is string => isText(value) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value),
  },
};

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key));
}

/**
 * The request body, keys in the documented order (jsonb keeps its own order). The same payload
 * always gives the same bytes, so a redelivery is byte-identical to the first delivery. A field
 * missing from a stored payload is written as null (nullable fields), {} (metadata), or left out.
 */
export function webhookBody(payload: WebhookPayload): string {
  const body: Record<string, unknown> = {};
  for (const field of webhookPayloadFields) {
    const absent = 'nullable' in field ? null : kinds[field.kind].absent;
    body[field.name] = payload[field.name] ?? absent;
  }
  return JSON.stringify(body);
}

/**
 * How a value differs from the payload's definition: fields missing or unexpected, values of the
 * wrong kind, null where the field is not nullable. Empty when it is a payload.
 */
export function webhookPayloadMismatches(value: unknown): string[] {
  if (!isObject(value)) return ['not a JSON object'];
  const names: readonly string[] = webhookPayloadFields.map((field) => field.name);
  const problems = Object.keys(value)
    .filter((key) => !names.includes(key))
    .map((key) => `unexpected field ${key}`);
  for (const field of webhookPayloadFields) {
    if (!Object.hasOwn(value, field.name)) {
      problems.push(`missing field ${field.name}`);
      continue;
    }
    const got = value[field.name];
    const nullable = 'nullable' in field;
    if (got === null ? !nullable : !kinds[field.kind].is(got)) {
      problems.push(
        `${field.name}: ${JSON.stringify(got)} is not ${field.kind}${nullable ? ' or null' : ''}`,
      );
    }
  }
  return problems;
}
