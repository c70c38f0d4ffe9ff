/**
 * @docjobs/client: the typed client of the docjobs API. Types come from the server's
 * /openapi.json (generated/openapi.ts); nothing here needs Node but a file path input.
 */
export {
  type CallOptions,
  Docjobs,
  type DocjobsOptions,
  type EventsOptions,
  type JobEvent,
  type SubmitInput,
} from './docjobs.ts';
export {
  type ClientErrorCode,
  DocjobsError,
  type ErrorCode,
  JobFailedError,
  QualityGateError,
  WaitTimeoutError,
} from './errors.ts';
export type { WaitOptions } from './follow-job.ts';
export { defaultEscalation, type QualityGateOptions, type QualityGateOutcome } from './quality-gate.ts';
export type { CasesApi, DefinitionsApi, KeysApi, WebhooksApi } from './resources.ts';
export type { DocumentInput } from './submit-body.ts';
export * from './types.ts';
export {
  type VerifyOptions,
  verifyWebhook,
  type WebhookHeaders,
  type WebhookPayload,
  type WebhookTestPayload,
  WebhookVerificationError,
} from './verify-webhook.ts';
