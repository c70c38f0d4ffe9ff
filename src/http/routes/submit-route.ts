import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DocjobsError } from '../../core/errors.ts';
import { type JobType, type Metadata, publicJob } from '../../core/job.ts';
import type { Context } from '../../services/context.ts';
import { checkQuotasBeforeUpload } from '../../services/quotas.ts';
import { discardDocument, type StoredDocument, storeDocument } from '../../services/store-document.ts';
import { submitJob } from '../../services/submit-job.ts';
import { type TaskFields, taskFieldNames } from '../../services/task-fields.ts';
import { documentNotSentAsFile, parseDocumentField } from '../document-field.ts';
import { readIdempotencyKey } from '../idempotency-key.ts';
import { metadataValuesAreStrings } from '../metadata-guard.ts';
import {
  fieldText,
  jsonOrText,
  multipartFields,
  readTaskFields,
  withMinQuality,
} from '../multipart-fields.ts';
import { shownAs } from '../schemas/registry.ts';
import { submitFields, submitFormDoc, submitJsonDoc } from '../schemas/submit.ts';
import { errorResponses, errorSchema, jobSchema } from '../schemas.ts';
import { taskFieldSchemas } from '../task-schemas.ts';

const jsonBody = shownAs(
  {
    type: 'object',
    additionalProperties: false,
    description: "`document` and `fileName`, or `url`, or `dependsOn` for a job over other jobs' pages",
    properties: {
      document: { type: 'string', description: 'The file as base64, or as a data: URL' },
      ...submitFields,
    },
  } as const,
  submitJsonDoc,
);

// No `type` or `required`: the multipart body is streamed by the handler, so Fastify sees no body
// to validate; this schema documents the form for /openapi.json.
const multipartBody = shownAs(
  {
    description:
      'A `file` part (or a `url` field) and the fields below (options and metadata as JSON strings, or metadata.KEY fields)',
    properties: {
      file: { type: 'string', format: 'binary' },
      url: submitFields.url,
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
      ...Object.fromEntries(
        Object.keys(taskFieldSchemas).map((name) => [name, { type: 'string', description: 'JSON' }]),
      ),
    },
  } as const,
  submitFormDoc,
);

interface JsonSubmit extends TaskFields {
  document?: string;
  url?: string;
  fileName?: string;
  dependsOn?: unknown;
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

export function submitRoute(app: FastifyInstance, ctx: Context): void {
  app.post(
    '/v1/jobs',
    {
      preValidation: [documentNotSentAsFile, metadataValuesAreStrings],
      schema: {
        operationId: 'submitJob',
        summary: 'Submit a document',
        description:
          'multipart/form-data with a `file` part, or JSON with `document` (base64 or data URL); either may send `url` instead. Answers 202 at once with the queued job; an Idempotency-Key replay answers 200 with the original job.',
        tags: ['jobs'],
        ...submitSchemaParts(jsonBody, multipartBody),
      },
      preParsing: quotaBeforeUpload(ctx),
    },
    submitHandler(ctx),
  );
}

/** The headers, bodies and replies of a submit route (POST /v1/jobs, POST /v1/schemas/generate). */
export const submitSchemaParts = (json: object, form: object) => ({
  headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
  body: {
    content: {
      'application/json': { schema: json },
      'multipart/form-data': { schema: form },
    },
  },
  response: {
    200: jobSchema,
    202: jobSchema,
    ...errorResponses,
    415: {
      description: 'UNSUPPORTED_MEDIA_TYPE: the body is neither application/json nor multipart/form-data',
      ...errorSchema,
    },
  },
});

/** Before a byte of the body is read (a multipart upload, a JSON document, a url to fetch). */
export const quotaBeforeUpload =
  (ctx: Context) =>
  async <T>(request: FastifyRequest, reply: FastifyReply, payload: T): Promise<T> => {
    try {
      await checkQuotasBeforeUpload(ctx, request.org.id, readIdempotencyKey(request));
    } catch (error) {
      // The body stays unread: the connection closes after the answer instead of draining it.
      reply.header('connection', 'close');
      throw error;
    }
    return payload;
  };

/** POST /v1/jobs, and routes that submit one job type the same way (`type`: POST /v1/schemas/generate). */
export const submitHandler =
  (ctx: Context, type?: JobType) => async (request: FastifyRequest, reply: FastifyReply) => {
    const idempotencyKey = readIdempotencyKey(request);
    const { job, created } = request.isMultipart()
      ? await submitMultipart(ctx, request, idempotencyKey, type)
      : await submitJson(ctx, request, idempotencyKey, type);
    reply.status(created ? 202 : 200).header('location', `/v1/jobs/${job.id}`);
    return publicJob(job);
  };

async function submitJson(
  ctx: Context,
  request: FastifyRequest,
  idempotencyKey: string | null,
  forcedType?: JobType,
) {
  const body = (request.body ?? {}) as JsonSubmit;
  const { document, url, dependsOn, minQuality, type, expiresAt, ...rest } = body;
  if (document !== undefined && url !== undefined) throw documentAndUrl();
  let decoded: ReturnType<typeof parseDocumentField> | null = null;
  if (document !== undefined) {
    if (!body.fileName) {
      throw new DocjobsError('VALIDATION_ERROR', 'a document needs its fileName', {
        details: { field: 'fileName' },
      });
    }
    decoded = parseDocumentField(document);
    if (decoded.bytes.length > ctx.config.maxUploadBytes) {
      throw new DocjobsError(
        'PAYLOAD_TOO_LARGE',
        `the document is larger than ${ctx.config.maxUploadBytes} bytes`,
      );
    }
  }
  return submitJob(ctx, {
    orgId: request.org.id,
    type: forcedType ?? ((type ?? 'parse') as JobType),
    task: { fields: pickTaskFields(rest) },
    dependsOn,
    document: decoded
      ? { kind: 'bytes', bytes: decoded.bytes }
      : url !== undefined
        ? { kind: 'url', url }
        : { kind: 'none', field: 'document' },
    options: withMinQuality(body.options ?? {}, minQuality),
    webhookUrl: body.webhookUrl ?? null,
    caseId: body.caseId ?? null,
    expiresAt: expiresAt ? new Date(expiresAt) : null,
    metadata: body.metadata ?? {},
    priority: body.priority ?? 0,
    timeoutSeconds: body.timeoutSeconds ?? null,
    fileName: body.fileName ?? null,
    mimeType: body.mimeType ?? decoded?.mimeType ?? null,
    idempotencyKey,
  });
}

const pickTaskFields = (body: TaskFields): TaskFields =>
  Object.fromEntries(
    taskFieldNames.map((name) => [name, body[name]]).filter(([, value]) => value !== undefined),
  );

/**
 * Fields may come before or after the file; the file is streamed to the blob store as it arrives,
 * and submitJob discards it if the request fails after that.
 */
async function submitMultipart(
  ctx: Context,
  request: FastifyRequest,
  idempotencyKey: string | null,
  forcedType?: JobType,
) {
  const fields = new Map<string, string>();
  const metadata: Metadata = {};
  let stored: StoredDocument | null = null;
  let file: Pick<MultipartFile, 'filename' | 'mimetype'> | null = null;
  let common: ReturnType<typeof multipartFields>;
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
        metadata[part.fieldname.slice('metadata.'.length)] = fieldText(
          part.fieldname,
          part.value,
          part.valueTruncated,
        );
      } else {
        fields.set(part.fieldname, fieldText(part.fieldname, part.value, part.valueTruncated));
      }
    }
    common = multipartFields(fields, metadata);
    if (fields.has('url') && stored) throw documentAndUrl();
  } catch (error) {
    if (stored) await discardDocument(ctx, stored);
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(ctx);
    throw error;
  }
  const url = fields.get('url');
  const fileType = file?.mimetype === 'application/octet-stream' ? null : (file?.mimetype ?? null);
  return submitJob(ctx, {
    ...common,
    ...(forcedType ? { type: forcedType } : {}),
    orgId: request.org.id,
    task: { fields: readTaskFields(fields) },
    dependsOn: jsonOrText(fields, 'dependsOn'),
    document: stored
      ? { kind: 'stored', document: stored }
      : url !== undefined
        ? { kind: 'url', url }
        : { kind: 'none', field: 'file' },
    fileName: fields.get('fileName') ?? (file ? file.filename || null : null),
    mimeType: fields.get('mimeType') ?? (file ? fileType : null),
    idempotencyKey,
  });
}

const tooLarge = (ctx: Context) =>
  new DocjobsError(
    'PAYLOAD_TOO_LARGE',
    `the file is larger than MAX_UPLOAD_MB (${ctx.config.maxUploadBytes / 1048576} MB)`,
  );

const documentAndUrl = () =>
  new DocjobsError('VALIDATION_ERROR', 'send the document or its url, not both', {
    details: { field: 'url' },
  });
