import type { SubmitDocument } from './submit-body.ts';
import type { JobType, SubmitFields } from './types.ts';

/** A submit: the document (or a url, or only `dependsOn`) and every field POST /v1/jobs takes. */
export type SubmitInput<T extends JobType = JobType> = SubmitFields<T> &
  SubmitDocument & {
    type?: T;
    /** Sent as the Idempotency-Key header; the client makes one when not given. */
    idempotencyKey?: string;
  };

export interface CallOptions {
  signal?: AbortSignal;
}
