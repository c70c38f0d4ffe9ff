import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { DocjobsError } from '../../core/errors.ts';
import { type JobType, type Metadata, publicJob } from '../../core/job.ts';
import type { Context } from '../../services/context.ts';
import { checkQuotasBeforeUpload } from '../../services/quotas.ts';
import { discardDocument, type StoredDocument, storeDocument } from '../../services/store-document.ts';
import { submitJob } from '../../services/submit-job.ts';
import { type TaskFields, taskFieldNames } from '../../services/task-fields.ts';
import { submitBodyLimit } from '../body-limits.ts';
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

/**
 * A route that submits a job of one type whatever the body says (the peer-compatible aliases:
 * fill-routes.ts): `type`, when sent, must be that one; `options` start from `defaults`.
 */
export interface SubmitAlias {
  type: JobType;
  defaults: Record<string, unknown>;
}

export function submitRoute(app: FastifyInstance, ctx: Context): void {
  app.post(
    '/v1/jobs',
    submitRouteOptions(ctx, {
      operationId: 'submitJob',
      summary: 'Submit a document',
      description:
        'multipart/form-data with a `file` part, or JSON with `document` (base64 or data URL); either may send `url` instead. Answers 202 at once with the queued job; an Idempotency-Key replay answers 200 with the original job.',
    }),
    submitHandler(ctx, null),
  );
}

/**
 * The submit's validation, documentation and quota check, for POST /v1/jobs and the routes that
 * submit one job type the same way (POST /v1/edit/…/fill, POST /v1/schemas/generate: their own bodies).
 */
export function submitRouteOptions(
  ctx: Context,
  doc: { operationId: string; summary: string; description: string },
  bodies: { json: object; form: object } = { json: jsonBody, form: multipartBody },
): RouteShorthandOptions {
  return {
    bodyLimit: submitBodyLimit(ctx.config),
    preValidation: [documentNotSentAsFile, metadataValuesAreStrings],
    schema: {
      ...doc,
      tags: ['jobs'],
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
      body: {
        content: {
          'application/json': { schema: bodies.json },
          'multipart/form-data': { schema: bodies.form },
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
    },
    // Before a byte of the body is read (a multipart upload, a JSON document, a url to fetch).
    preParsing: async (request, reply, payload) => {
      try {
        await checkQuotasBeforeUpload(ctx, request.org.id, readIdempotencyKey(request));
      } catch (error) {
        // The body stays unread: the connection closes after the answer instead of draining it.
        reply.header('connection', 'close');
        throw error;
      }
      return payload;
    },
  };
}

export function submitHandler(ctx: Context, alias: SubmitAlias | null) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const idempotencyKey = readIdempotencyKey(request);
    const { job, created } = request.isMultipart()
      ? await submitMultipart(ctx, request, idempotencyKey, alias)
      : await submitJson(ctx, request, idempotencyKey, alias);
    reply.status(created ? 202 : 200).header('location', `/v1/jobs/${job.id}`);
    return publicJob(job);
  };
}

/** The type and options of a submit to an alias route: its own type, its defaults under the body's options. */
function aliased(alias: SubmitAlias | null, type: string | undefined, options: Record<string, unknown>) {
  if (!alias) return { type: (type ?? 'parse') as JobType, options };
  if (type !== undefined && type !== alias.type)
    throw new DocjobsError(
      'VALIDATION_ERROR',
      `this route submits ${alias.type} jobs; leave type out or send "${alias.type}"`,
      {
        details: { field: 'type' },
      },
    );
  return { type: alias.type, options: { ...alias.defaults, ...options } };
}

async function submitJson(
  ctx: Context,
  request: FastifyRequest,
  idempotencyKey: string | null,
  alias: SubmitAlias | null,
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
  const typed = aliased(alias, type, withMinQuality(body.options ?? {}, minQuality));
  return submitJob(ctx, {
    orgId: request.org.id,
    type: typed.type,
    task: { fields: pickTaskFields(rest) },
    dependsOn,
    document: decoded
      ? { kind: 'bytes', bytes: decoded.bytes }
      : url !== undefined
        ? { kind: 'url', url }
        : { kind: 'none', field: 'document' },
    options: typed.options,
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
  alias: SubmitAlias | null,
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
    common = { ...common, ...aliased(alias, fields.get('type'), common.options) };
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
