import type { FastifyError, FastifyInstance } from 'fastify';
import { BlobNotFoundError, DocjobsError, type ErrorCode, httpStatusOf } from '../core/errors.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; field?: string; [detail: string]: unknown };
}

/** Fastify's own errors (bad JSON, body too large, schema failures) mapped onto our codes. */
function fromFastifyError(error: FastifyError): {
  status: number;
  code: ErrorCode;
  message: string;
  field?: string;
} {
  if (error.validation) {
    const first = error.validation[0];
    const path = `${first?.instancePath ?? ''}`.replace(/^\//, '').replaceAll('/', '.');
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const field = [path, missing ?? extra].filter(Boolean).join('.') || undefined;
    const message = extra
      ? `unknown field "${field}"`
      : `${field ?? error.validationContext ?? 'request'} ${first?.message ?? 'is invalid'}`;
    return { status: 400, code: 'VALIDATION_ERROR', message, field };
  }
  const status = error.statusCode ?? 500;
  if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: error.message };
  }
  if (status === 415) return { status, code: 'UNSUPPORTED_FORMAT', message: error.message };
  if (status >= 400 && status < 500) return { status, code: 'VALIDATION_ERROR', message: error.message };
  return { status: 500, code: 'INTERNAL_ERROR', message: 'internal error' };
}

/** One envelope for every error; a 500 never echoes internals (they go to the log). */
export function installErrorEnvelope(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let body: ErrorBody['error'];
    let status: number;
    if (error instanceof DocjobsError) {
      status = httpStatusOf[error.code];
      body = { ...error.details, code: error.code, message: error.message, requestId: request.id };
      // A 429 (RATE_LIMITED, QUOTA_EXCEEDED) says when the same request may pass, when that is known.
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', retryAfter);
    } else if (error instanceof BlobNotFoundError) {
      status = 404;
      body = { code: 'NOT_FOUND', message: 'the file is gone', requestId: request.id };
    } else {
      const mapped = fromFastifyError(error);
      status = mapped.status;
      body = { code: mapped.code, message: mapped.message, requestId: request.id };
      if (mapped.field) body.field = mapped.field;
    }
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.status(status).send({ error: body } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `no route ${request.method} ${request.url}`,
        requestId: request.id,
      },
    } satisfies ErrorBody);
  });
}
