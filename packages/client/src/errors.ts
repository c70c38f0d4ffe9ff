import type { ErrorEnvelope } from './generated/openapi.ts';
import type { Job } from './types.ts';

export type ErrorCode = NonNullable<NonNullable<ErrorEnvelope['error']>['code']>;
/** Codes of the client's own: no answer, the caller's abort, an answer that is not docjobs', a failed quality gate. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'ABORTED' | 'BAD_RESPONSE' | 'QUALITY_GATE';

/**
 * What the server refused, from its error envelope (`{error: {code, message, requestId, field}}`),
 * or what went wrong on the way: `NETWORK_ERROR` (no answer), `TIMEOUT` (the client's own
 * timeoutMs), `ABORTED` (the caller's signal), `BAD_RESPONSE` (an answer that is not docjobs'),
 * `QUALITY_GATE` (submitWithQualityGate found no attempt good enough).
 */
export class DocjobsError extends Error {
  override name = 'DocjobsError';
  /** The server's code (VALIDATION_ERROR, NOT_FOUND …) or one of the client's own. */
  readonly code: ErrorCode | ClientErrorCode;
  /** The HTTP status; 0 when no answer came. */
  readonly status: number;
  /** The request field at fault, when the server names one. */
  readonly field: string | undefined;
  /** The server's id of the request (its logs have it). */
  readonly requestId: string | undefined;
  /** Seconds the server asked to wait before the same request (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  /** Everything else the envelope said. */
  readonly details: Record<string, unknown>;

  constructor(
    code: DocjobsError['code'],
    message: string,
    init: {
      status?: number;
      field?: string;
      requestId?: string;
      retryAfterSeconds?: number;
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status ?? 0;
    this.field = init.field;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details ?? {};
  }
}

/** `wait` ran out of time before the job ended; `job` is how it was last seen. */
export class WaitTimeoutError extends DocjobsError {
  override name = 'WaitTimeoutError';
  readonly job: Job;
  constructor(job: Job, timeoutMs: number) {
    super('TIMEOUT', `job ${job.id} is still ${job.status} after ${timeoutMs} ms`);
    this.job = job;
  }
}

/** A job ended without a usable result (failed, timeout, cancelled, expired) where one was expected. */
export class JobFailedError extends DocjobsError {
  override name = 'JobFailedError';
  readonly job: Job;
  constructor(job: Job) {
    const reason = job.error?.message ? `: ${job.error.code}: ${job.error.message}` : '';
    super(job.error?.code ?? 'INTERNAL_ERROR', `job ${job.id} ended ${job.status}${reason}`);
    this.job = job;
  }
}

/** Every attempt of `submitWithQualityGate` scored below the gate; `attempts` has each job. */
export class QualityGateError extends DocjobsError {
  override name = 'QualityGateError';
  readonly attempts: Job[];
  readonly minQuality: number;
  constructor(attempts: Job[], minQuality: number) {
    const scores = attempts.map((job) => job.qualityScore ?? 'none').join(', ');
    super(
      'QUALITY_GATE',
      `quality below ${minQuality} after ${attempts.length} attempts (scores: ${scores})`,
    );
    this.attempts = attempts;
    this.minQuality = minQuality;
  }
}
