/** Error codes shared by the API envelope, failed jobs and the pipeline (DESIGN.md "Errors"). */
export const errorCodes = [
  'VALIDATION_ERROR',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'JOB_NOT_TERMINAL',
  'RESULT_NOT_READY',
  'UNSUPPORTED_FORMAT',
  'UNSUPPORTED_MEDIA_TYPE',
  'DOCUMENT_ENCRYPTED',
  'PARSE_ERROR',
  'IMAGE_TOO_LARGE',
  'OCR_ERROR',
  'EXTRACTION_ERROR',
  'LLM_ERROR',
  'EMBEDDING_ERROR',
  'EMBEDDINGS_NOT_CONFIGURED',
  'DEPENDENCY_FAILED',
  'TIMEOUT',
  'QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'CANCELLED',
  'KEY_IN_USE',
  'LAST_KEY',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export type JobStage =
  | 'uploading'
  | 'validating'
  | 'parsing'
  | 'ocr'
  | 'chunking'
  | 'embedding'
  | 'extracting'
  | 'classifying'
  | 'splitting'
  | 'generating'
  | 'rendering';

/** What a failed job stores and shows (docling-serve's PublicFailureInfo shape). */
export interface JobFailure {
  code: ErrorCode;
  message: string;
  stage: JobStage | null;
  retryable: boolean;
}

/**
 * Base error for anything we raise on purpose. `retryable: false` is the
 * NonRetriableError of Inngest / UnrecoverableError of BullMQ: the job fails at once.
 * Anything thrown that is not a DocjobsError is treated as transient.
 */
export class DocjobsError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DocjobsError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** A stage that cannot succeed on this input (corrupt, encrypted, unsupported): never retried. */
export function permanent(code: ErrorCode, message: string, cause?: unknown): DocjobsError {
  return new DocjobsError(code, message, { retryable: false, cause });
}

/** A failure that may pass on another try (a lost connection, a busy resource). */
export function transient(code: ErrorCode, message: string, cause?: unknown): DocjobsError {
  return new DocjobsError(code, message, { retryable: true, cause });
}

export function toFailure(error: unknown, stage: JobStage | null): JobFailure {
  if (error instanceof DocjobsError) {
    return { code: error.code, message: error.message, stage, retryable: error.retryable };
  }
  // Unknown errors are retried, but their message may carry internals: keep it short.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message: message.slice(0, 500), stage, retryable: true };
}

export const httpStatusOf: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  JOB_NOT_TERMINAL: 400,
  RESULT_NOT_READY: 409,
  UNSUPPORTED_FORMAT: 415,
  // The request's Content-Type, not the document: UNSUPPORTED_FORMAT is a document we cannot read.
  UNSUPPORTED_MEDIA_TYPE: 415,
  DOCUMENT_ENCRYPTED: 422,
  PARSE_ERROR: 422,
  // More pixels than we agree to decode: like PAYLOAD_TOO_LARGE, a smaller file would pass.
  IMAGE_TOO_LARGE: 413,
  OCR_ERROR: 422,
  EXTRACTION_ERROR: 422,
  LLM_ERROR: 502,
  // The embeddings endpoint failed or refused: like LLM_ERROR, a remote service's fault.
  EMBEDDING_ERROR: 502,
  // mode "vector" on a server with no EMBEDDINGS_BASE_URL: the request cannot be served as asked.
  EMBEDDINGS_NOT_CONFIGURED: 400,
  DEPENDENCY_FAILED: 424,
  TIMEOUT: 504,
  QUOTA_EXCEEDED: 429,
  // Too many requests with one API key this minute (RATE_LIMIT_PER_MINUTE); Retry-After says when.
  RATE_LIMITED: 429,
  CANCELLED: 409,
  // DELETE /v1/keys/{id} of the key the request came with, without ?self=true.
  KEY_IN_USE: 409,
  // DELETE /v1/keys/{id} of the organisation's only usable key: it would lock the owner out.
  LAST_KEY: 409,
  INTERNAL_ERROR: 500,
};

/**
 * A blob that is not there (BlobStore.get rejects with it). Here rather than in blobs/ so the
 * error envelope can answer it with a 404 without importing the blob store; blobs/blob-store.ts
 * re-exports it as part of the port.
 */
export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
}
