import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { BlobNotFoundError, DocjobsError, type ErrorCode, httpStatusOf } from '../core/errors.ts';
import { didYouMean } from '../core/nearest-name.ts';
import { unsupportedMediaType } from './media-types.ts';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; field?: string; [detail: string]: unknown };
}

/** Fastify's own errors (bad JSON, body too large, schema failures) mapped onto our codes. */
function fromFastifyError(
  error: FastifyError,
  request: FastifyRequest,
): {
  status: number;
  code: ErrorCode;
  message: string;
  field?: string;
} {
  if (error.validation) return fromValidation(error.validation[0] as SchemaFault | undefined, error);
  const status = error.statusCode ?? 500;
  if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: error.message };
  }
  if (status === 415) {
    return { status, code: 'UNSUPPORTED_MEDIA_TYPE', message: unsupportedMediaType(request) };
  }
  if (status >= 400 && status < 500) return { status, code: 'VALIDATION_ERROR', message: error.message };
  return { status: 500, code: 'INTERNAL_ERROR', message: 'internal error' };
}

/** An Ajv error; `parentSchema` and `data` are there because build-app.ts turns on `verbose`. */
interface SchemaFault {
  keyword: string;
  instancePath?: string;
  message?: string;
  params?: {
    missingProperty?: string;
    additionalProperty?: string;
    allowedValues?: unknown[];
    format?: string;
  };
  parentSchema?: { properties?: Record<string, unknown> };
  data?: unknown;
}

/** What a date field takes, with an example: Ajv says only 'must match format "date-time"'. */
const dateFormats: Record<string, string> = {
  'date-time': 'a date and time in RFC 3339, like 2026-01-31T09:00:00Z',
  date: 'a date like 2026-01-31',
};

/**
 * A schema failure as a message that says how to fix it: an unknown field names the nearest known
 * one, an enum lists its values (and the value sent, when short enough to show).
 */
function fromValidation(fault: SchemaFault | undefined, error: FastifyError) {
  const path = `${fault?.instancePath ?? ''}`.replace(/^\//, '').replaceAll('/', '.');
  const { missingProperty: missing, additionalProperty: extra, allowedValues } = fault?.params ?? {};
  const field = [path, missing ?? extra].filter(Boolean).join('.') || undefined;
  // `status.1` is the second status sent; the message names the parameter.
  const name = field?.replace(/(\.\d+)+$/, '') ?? error.validationContext ?? 'request';
  let message: string;
  if (extra !== undefined) {
    message = `unknown field "${field}"${didYouMean(extra, Object.keys(fault?.parentSchema?.properties ?? {}))}`;
  } else if (missing !== undefined) {
    // Ajv's "must have required property 'type'" read as "type must have required property 'type'".
    message = `the field "${field}" is required`;
  } else if (fault?.keyword === 'format' && dateFormats[fault.params?.format ?? '']) {
    message = `${name} must be ${dateFormats[fault.params!.format!]}`;
  } else if (fault?.keyword === 'enum' && allowedValues) {
    const sent = typeof fault.data === 'string' && fault.data.length <= 64 ? ` "${fault.data}"` : '';
    message = `${name}${sent} is not one of the allowed values: ${allowedValues.join(', ')}`;
  } else {
    message = `${field ?? error.validationContext ?? 'request'} ${fault?.message ?? 'is invalid'}`;
  }
  return { status: 400, code: 'VALIDATION_ERROR' as const, message, field };
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
      const mapped = fromFastifyError(error, request);
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
