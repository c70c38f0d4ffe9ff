/**
 * POST /v1/schemas/generate (issue 19): propose a JSON Schema from a document, as a `schema` job.
 * The same request and reply as POST /v1/jobs (a `file` part, or JSON `document`, or `url`, or
 * `dependsOn` to reuse a job's pages), without `type`: the job's result is the schema
 * (GET /v1/jobs/{id}/result), ready to be sent as an extract job's `schema`.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { component } from '../schemas/registry.ts';
import { submitFields } from '../schemas/submit.ts';
import { taskFieldSchemas } from '../task-schemas.ts';
import { submitHandler, submitRouteOptions } from './submit-route.ts';

const { type: _type, options: _options, ...fields } = submitFields;
const {
  schema: _schema,
  extractorId: _extractor,
  prompt: _prompt,
  categories: _categories,
  classifierId: _classifier,
  engine: _engine,
  steps: _steps,
  ...common
} = fields;
// What Fastify checks: the fields of a submit without `type` or task fields (a stray one is a 400).
const jsonBody = component('GenerateSchemaRequest', {
  type: 'object',
  additionalProperties: false,
  description:
    '`document` (base64 or data URL) and `fileName`, or `url`, or `dependsOn` (one job whose pages, and PDF form, it reads)',
  properties: {
    document: { type: 'string', description: 'The file as base64, or as a data: URL' },
    ...common,
    dependsOn: taskFieldSchemas.dependsOn,
    options: {
      type: 'object',
      additionalProperties: true,
      description: 'How the document is read (pages, OCR, languages): components.schemas.ReadingOptions',
    },
  },
});

const formBody = component('GenerateSchemaForm', {
  description: 'A `file` part (or a `url` field); options, metadata and dependsOn as JSON text',
  properties: {
    file: { type: 'string', format: 'binary' },
    url: submitFields.url,
    options: { type: 'string', description: 'JSON object (ReadingOptions)' },
    metadata: { type: 'string', description: 'JSON object (or send metadata.KEY fields)' },
    dependsOn: { type: 'string', description: 'JSON array of job ids' },
    priority: { type: 'integer' },
    timeoutSeconds: { type: 'integer' },
    webhookUrl: submitFields.webhookUrl,
    caseId: submitFields.caseId,
    expiresAt: submitFields.expiresAt,
    fileName: submitFields.fileName,
    mimeType: submitFields.mimeType,
  },
});

export function schemaRoutes(app: FastifyInstance, ctx: Context): void {
  app.post(
    '/v1/schemas/generate',
    submitRouteOptions(
      ctx,
      {
        operationId: 'generateSchema',
        summary: 'Propose a JSON Schema from a document',
        description:
          "Submits a `schema` job (same reply as POST /v1/jobs: 202 with the queued job, 200 on an Idempotency-Key replay). Its result (GET /v1/jobs/{id}/result, components.schemas.SchemaResult) is a JSON Schema that an extract job accepts as it is: from an AcroForm PDF, the form's fields (text, checkbox, radio, choice; each with its field name in `x-field-name`); otherwise the document's labelled fields, typed from their values, and its item table as `lineItems`.",
      },
      { json: jsonBody, form: formBody },
    ),
    submitHandler(ctx, { type: 'schema', defaults: {} }),
  );
}
