import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DocjobsError } from '../../core/errors.ts';
import { isJobType, type Metadata, publicJob } from '../../core/job.ts';
import type { Context } from '../../services/context.ts';
import { maxTimeoutSeconds } from '../../services/limits.ts';
import {
  discardDocument,
  enqueueJob,
  type JobRequest,
  type StoredDocument,
  storeDocument,
} from '../../services/submit-job.ts';
import { parseDocumentField } from '../document-field.ts';
import { errorResponses, jobSchema, metadataSchema } from '../schemas.ts';

const submitFields = {
  type: { type: 'string', enum: ['parse'], default: 'parse', description: 'What to do with the document' },
  options: { type: 'object', additionalProperties: true, description: 'Options of the job type' },
  metadata: metadataSchema,
  priority: { type: 'integer', minimum: -100, maximum: 100, default: 0, description: 'Higher runs first' },
  timeoutSeconds: { type: 'integer', minimum: 1, maximum: maxTimeoutSeconds },
  minQuality: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description: 'When OCR scores below this, it runs again in premium mode (options.minQuality)',
  },
  webhookUrl: {
    type: 'string',
    maxLength: 2048,
    description: "Where this job's end is announced, instead of the organisation's webhook",
  },
  caseId: { type: 'string', maxLength: 64, description: 'The case that keeps this document (never purged)' },
  expiresAt: {
    type: 'string',
    format: 'date-time',
    description: 'When the data goes (default: now + RETENTION_DAYS; at most MAX_RETENTION_DAYS ahead)',
  },
  fileName: { type: 'string', minLength: 1, maxLength: 255 },
  mimeType: {
    type: 'string',
    maxLength: 255,
    description: 'A hint only: the type is detected from the bytes',
  },
} as const;

const jsonBody = {
  type: 'object',
  required: ['document', 'fileName'],
  additionalProperties: false,
  properties: {
    document: { type: 'string', description: 'The file as base64, or as a data: URL' },
    ...submitFields,
  },
} as const;

// No `type` or `required`: the multipart body is streamed by the handler, so Fastify sees no body
// to validate; this schema documents the form for /openapi.json.
const multipartBody = {
  description:
    'A `file` part and the fields below (options and metadata as JSON strings, or metadata.KEY fields)',
  properties: {
    file: { type: 'string', format: 'binary' },
    type: submitFields.type,
    options: { type: 'string', description: 'JSON object' },
    metadata: { type: 'string', description: 'JSON object (or send metadata.KEY fields)' },
    priority: { type: 'integer' },
    timeoutSeconds: { type: 'integer' },
    minQuality: { type: 'number' },
    webhookUrl: submitFields.webhookUrl,
    caseId: submitFields.caseId,
    expiresAt: submitFields.expiresAt,
    fileName: submitFields.fileName,
    mimeType: submitFields.mimeType,
  },
} as const;

interface JsonSubmit {
  document: string;
  fileName: string;
  mimeType?: string;
  type?: string;
  options?: Record<string, unknown>;
  metadata?: Metadata;
  priority?: number;
  timeoutSeconds?: number;
  minQuality?: number;
  webhookUrl?: string;
  caseId?: string;
  expiresAt?: string;
}

const idempotencyKeyOf = (request: FastifyRequest): string | null => {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
    throw new DocjobsError('VALIDATION_ERROR', 'Idempotency-Key must be 1 to 255 characters', {
      details: { field: 'Idempotency-Key' },
    });
  }
  return key;
};

export function submitRoute(app: FastifyInstance, ctx: Context): void {
  app.post(
    '/v1/jobs',
    {
      schema: {
        summary: 'Submit a document',
        description:
          'multipart/form-data with a `file` part, or JSON with `document` (base64 or data URL). Answers 202 at once with the queued job; an Idempotency-Key replay answers 200 with the original job.',
        tags: ['jobs'],
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
        body: {
          content: {
            'application/json': { schema: jsonBody },
            'multipart/form-data': { schema: multipartBody },
          },
        },
        response: { 200: jobSchema, 202: jobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const idempotencyKey = idempotencyKeyOf(request);
      const { job, created } = request.isMultipart()
        ? await submitMultipart(ctx, request, idempotencyKey)
        : await submitJson(ctx, request, idempotencyKey);
      reply.status(created ? 202 : 200).header('location', `/v1/jobs/${job.id}`);
      return publicJob(job);
    },
  );
}

async function submitJson(ctx: Context, request: FastifyRequest, idempotencyKey: string | null) {
  const body = request.body as JsonSubmit;
  const decoded = parseDocumentField(body.document);
  if (decoded.bytes.length > ctx.config.maxUploadBytes) {
    throw new DocjobsError(
      'PAYLOAD_TOO_LARGE',
      `the document is larger than ${ctx.config.maxUploadBytes} bytes`,
    );
  }
  const stored = await storeDocument(ctx, decoded.bytes);
  return enqueueJob(ctx, stored, {
    orgId: request.org.id,
    type: (body.type ?? 'parse') as JobRequest['type'],
    options: withMinQuality(body.options ?? {}, body.minQuality),
    webhookUrl: body.webhookUrl ?? null,
    caseId: body.caseId ?? null,
    expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    metadata: body.metadata ?? {},
    priority: body.priority ?? 0,
    timeoutSeconds: body.timeoutSeconds ?? null,
    fileName: body.fileName,
    mimeType: body.mimeType ?? decoded.mimeType,
    idempotencyKey,
  });
}

/** Fields may come before or after the file; the file is streamed to the blob store as it arrives. */
async function submitMultipart(ctx: Context, request: FastifyRequest, idempotencyKey: string | null) {
  const fields = new Map<string, string>();
  const metadata: Metadata = {};
  let stored: StoredDocument | null = null;
  let file: Pick<MultipartFile, 'filename' | 'mimetype'> | null = null;
  try {
    for await (const part of request.parts({
      limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 64 },
    })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || stored) {
          part.file.resume();
          throw new DocjobsError('VALIDATION_ERROR', 'send exactly one file, in the part named "file"', {
            details: { field: part.fieldname },
          });
        }
        file = { filename: part.filename, mimetype: part.mimetype };
        stored = await storeDocument(ctx, part.file);
        if (part.file.truncated) throw tooLarge(ctx);
      } else if (part.fieldname.startsWith('metadata.')) {
        metadata[part.fieldname.slice('metadata.'.length)] = String(part.value);
      } else {
        fields.set(part.fieldname, String(part.value));
      }
    }
    if (!stored || !file) {
      throw new DocjobsError('VALIDATION_ERROR', 'the multipart body has no "file" part', {
        details: { field: 'file' },
      });
    }
    return await enqueueJob(ctx, stored, {
      ...multipartFields(fields, metadata),
      orgId: request.org.id,
      fileName: fields.get('fileName') ?? (file.filename || null),
      mimeType:
        fields.get('mimeType') ?? (file.mimetype === 'application/octet-stream' ? null : file.mimetype),
      idempotencyKey,
    });
  } catch (error) {
    if (stored) await discardDocument(ctx, stored);
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(ctx);
    throw error;
  }
}

const tooLarge = (ctx: Context) =>
  new DocjobsError(
    'PAYLOAD_TOO_LARGE',
    `the file is larger than MAX_UPLOAD_MB (${ctx.config.maxUploadBytes / 1048576} MB)`,
  );

const known = new Set([
  'type',
  'options',
  'metadata',
  'priority',
  'timeoutSeconds',
  'minQuality',
  'webhookUrl',
  'caseId',
  'expiresAt',
  'fileName',
  'mimeType',
]);

/** `minQuality` is a request field (DESIGN.md) that the parse stage reads from the options. */
function withMinQuality(options: Record<string, unknown>, minQuality: number | undefined) {
  return minQuality === undefined ? options : { ...options, minQuality };
}

function multipartFields(fields: Map<string, string>, metadata: Metadata) {
  for (const name of fields.keys()) {
    if (!known.has(name)) {
      throw new DocjobsError('VALIDATION_ERROR', `unknown field "${name}"`, { details: { field: name } });
    }
  }
  const type = fields.get('type') ?? 'parse';
  if (!isJobType(type)) {
    throw new DocjobsError('VALIDATION_ERROR', `type must be one of: parse`, { details: { field: 'type' } });
  }
  return {
    type,
    options: withMinQuality(
      jsonObjectField(fields, 'options') ?? {},
      numberField(fields, 'minQuality', 0, 1),
    ),
    metadata: { ...(jsonObjectField(fields, 'metadata') as Metadata | undefined), ...metadata },
    priority: numberField(fields, 'priority', -100, 100, true) ?? 0,
    timeoutSeconds: numberField(fields, 'timeoutSeconds', 1, maxTimeoutSeconds, true) ?? null,
    webhookUrl: fields.get('webhookUrl') ?? null,
    caseId: fields.get('caseId') ?? null,
    expiresAt: dateField(fields, 'expiresAt'),
  };
}

function jsonObjectField(fields: Map<string, string>, name: string): Record<string, unknown> | undefined {
  const raw = fields.get(name);
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DocjobsError('VALIDATION_ERROR', `${name} must be a JSON object`, { details: { field: name } });
  }
  return value as Record<string, unknown>;
}

function dateField(fields: Map<string, string>, name: string): Date | null {
  const raw = fields.get(name);
  if (raw === undefined) return null;
  const value = new Date(raw);
  if (Number.isNaN(value.getTime())) {
    throw new DocjobsError('VALIDATION_ERROR', `${name} must be an ISO 8601 date-time`, {
      details: { field: name },
    });
  }
  return value;
}

function numberField(fields: Map<string, string>, name: string, min: number, max: number, integer = false) {
  const raw = fields.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !(value >= min && value <= max) || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new DocjobsError('VALIDATION_ERROR', `${name} must be ${kind} from ${min} to ${max}`, {
      details: { field: name },
    });
  }
  return value;
}
