/**
 * POST /v1/jobs by job type, for /openapi.json: one body per type (JSON and form), told apart by
 * `type`, each with its own options and task fields. Fastify validates the submit with the looser
 * schema in submit-route.ts (any type, any options) and the services check the rest; these say
 * what each type takes, so that a generated client can type it.
 */
import { jobTypes } from '../../core/job.ts';
import { maxTimeoutSeconds } from '../../services/limits.ts';
import { metadataSchema } from '../schemas.ts';
import { taskFieldSchemas } from '../task-schemas.ts';
// The options each type's body names.
import './edit-docs.ts';
import './fill-docs.ts';
import './generate-docs.ts';
import './options.ts';
import { component, ref } from './registry.ts';
import { pageRangeSchema } from './split.ts';

export const submitFields = {
  url: {
    type: 'string',
    maxLength: 2048,
    description:
      'Instead of the file: an http(s) URL downloaded at once (MAX_UPLOAD_MB, URL_FETCH_TIMEOUT_MS, same-host redirects only, no private addresses)',
  },
  type: {
    type: 'string',
    enum: [...jobTypes],
    default: 'parse',
    description: 'What to do with the document',
  },
  options: {
    type: 'object',
    additionalProperties: true,
    description:
      'Options of the job type: components.schemas.ParseOptions (parse, chunk) or ReadingOptions (extract, classify, workflow) or SplitOptions (split) or EditOptions (edit) or FillOptions (fill)',
  },
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
  ...taskFieldSchemas,
  fileName: { type: 'string', minLength: 1, maxLength: 255 },
  mimeType: {
    type: 'string',
    maxLength: 255,
    description: 'A hint only: the type is detected from the bytes',
  },
} as const;

const { schema, extractorId, prompt, categories, classifierId, engine, dependsOn } = taskFieldSchemas;

const extractFields = { schema, extractorId, prompt, engine } as const;
const classifyFields = { categories, classifierId, prompt, engine } as const;

component('WorkflowStep', {
  type: 'object',
  description:
    'split (first only): explicit `ranges`, or automatic where a page-by-page classification (categories or classifierId) changes label; classify: categories or classifierId; extract: schema or extractorId, or `byLabel` (after a split or classify step) choosing one per label',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ['split', 'classify', 'extract'] },
    ranges: { type: 'array', minItems: 1, maxItems: 100, items: pageRangeSchema },
    ...classifyFields,
    ...extractFields,
    byLabel: {
      type: 'object',
      maxProperties: 50,
      description: 'extract: per label, the extraction to run on the parts with it',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: extractFields,
      },
    },
  },
});

/** Each type's own fields: its options and what it fills or chooses. */
const byType = {
  parse: { options: ref('ParseOptions') },
  chunk: { options: ref('ParseOptions') },
  extract: { options: ref('ReadingOptions'), ...extractFields },
  classify: { options: ref('ReadingOptions'), ...classifyFields },
  split: { options: ref('SplitOptions'), ...classifyFields },
  workflow: {
    options: ref('ReadingOptions'),
    steps: { type: 'array', minItems: 1, maxItems: 10, items: ref('WorkflowStep') },
  },
  edit: { options: ref('EditOptions') },
  fill: { options: ref('FillOptions'), engine },
  schema: { options: ref('ReadingOptions') },
  generate: { options: ref('GenerateOptions') },
} satisfies Record<(typeof jobTypes)[number], Record<string, unknown>>;

const required: Record<(typeof jobTypes)[number], string[]> = {
  parse: ['type'],
  chunk: ['type'],
  extract: ['type'],
  classify: ['type'],
  split: ['type'],
  workflow: ['type', 'steps'],
  edit: ['type', 'options'],
  fill: ['type', 'options'],
  schema: ['type'],
  generate: ['type', 'options'],
};

const capitalised = (type: string) => type[0]!.toUpperCase() + type.slice(1);

const common = {
  url: submitFields.url,
  metadata: submitFields.metadata,
  priority: submitFields.priority,
  timeoutSeconds: submitFields.timeoutSeconds,
  minQuality: submitFields.minQuality,
  webhookUrl: submitFields.webhookUrl,
  caseId: submitFields.caseId,
  expiresAt: submitFields.expiresAt,
  dependsOn,
  fileName: submitFields.fileName,
  mimeType: submitFields.mimeType,
} as const;

/** One schema per type and body kind, then the body as their discriminated union. */
function submitBodies(kind: 'json' | 'form'): { oneOf: object[]; discriminator: object } {
  const names = jobTypes.map((type) => `Submit${capitalised(type)}${kind === 'form' ? 'Form' : ''}`);
  for (const [index, type] of jobTypes.entries()) {
    component(names[index]!, {
      type: 'object',
      description:
        type === 'generate'
          ? `A generate job: no document needed; options.template and options.data (or the template file as ${kind === 'json' ? '`document`' : 'a `file` part'} or \`url\`)`
          : `${type === 'extract' ? 'An' : 'A'} ${type} job: ${kind === 'json' ? '`document` (base64 or data URL) with `fileName`' : 'a `file` part'}, or \`url\`, or \`dependsOn\` to reuse other jobs' pages${type === 'parse' ? '. `type` may be left out: parse is the default' : ''}`,
      additionalProperties: false,
      // A form may send each metadata key as its own field.
      ...(kind === 'form'
        ? { patternProperties: { '^metadata\\.': { type: 'string', description: 'metadata.KEY=VALUE' } } }
        : {}),
      required: required[type],
      properties: {
        type: { type: 'string', enum: [type] },
        ...(kind === 'json'
          ? { document: { type: 'string', description: 'The file as base64, or as a data: URL' } }
          : { file: { type: 'string', format: 'binary' } }),
        ...common,
        ...byType[type],
      },
    });
  }
  return {
    oneOf: names.map((name) => ref(name)),
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(jobTypes.map((type, index) => [type, ref(names[index]!).$ref])),
    },
  };
}

export const submitJsonDoc = component('SubmitRequest', {
  description: 'POST /v1/jobs as JSON, by job type',
  ...submitBodies('json'),
});

export const submitFormDoc = component('SubmitForm', {
  description:
    'POST /v1/jobs as multipart/form-data, by job type: options, metadata, schema, categories, steps and dependsOn as JSON text (or metadata.KEY fields)',
  ...submitBodies('form'),
});
