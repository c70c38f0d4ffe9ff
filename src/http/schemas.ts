import { errorCodes, type JobStage } from '../core/errors.ts';
import { jobTypes, metadataLimits } from '../core/job.ts';
import { jobStatuses } from '../core/job-status.ts';
import { qualityCategories } from '../core/quality.ts';
import { component, ref } from './schemas/registry.ts';

/** JSON Schemas of the API: Fastify validates and serialises with them, and /openapi.json is built from them. */

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });

export const metadataSchema = component('Metadata', {
  type: 'object',
  description: `Your own labels: at most ${metadataLimits.keys} keys of ≤${metadataLimits.keyLength} characters, string values of ≤${metadataLimits.valueLength}.`,
  maxProperties: metadataLimits.keys,
  propertyNames: { minLength: 1, maxLength: metadataLimits.keyLength },
  additionalProperties: { type: 'string', maxLength: metadataLimits.valueLength },
} as const);

/** Every stage a job reports (core/errors.ts JobStage); the check below fails when one is added there. */
export const jobStages = [
  'uploading',
  'validating',
  'parsing',
  'ocr',
  'chunking',
  'embedding',
  'extracting',
  'classifying',
  'splitting',
  'generating',
  'rendering',
  'filling',
] as const satisfies readonly JobStage[];
const everyStage: Exclude<JobStage, (typeof jobStages)[number]> extends never ? true : never = true;
void everyStage;

export const failureSchema = component(
  'JobError',
  {
    type: 'object',
    properties: {
      code: { type: 'string', enum: [...errorCodes] },
      message: { type: 'string' },
      stage: { type: ['string', 'null'] },
      retryable: { type: 'boolean' },
    },
  } as const,
  {
    description: 'Why a job failed, timed out or was cancelled, or which pages a partial job could not read',
    required: ['code', 'message', 'stage', 'retryable'],
    additionalProperties: false,
  },
);

const jobProperties = {
  id: { type: 'string', example: 'job_01jd2v0a4k5yq3m7r8s9t0v1w2' },
  type: { type: 'string', enum: [...jobTypes] },
  status: { type: 'string', enum: [...jobStatuses] },
  stage: { type: ['string', 'null'] },
  progress: { type: 'integer', minimum: 0, maximum: 100 },
  pagesDone: { type: 'integer' },
  pagesTotal: { type: ['integer', 'null'] },
  createdAt: { type: 'string', format: 'date-time' },
  startedAt: { type: ['string', 'null'], format: 'date-time' },
  completedAt: { type: ['string', 'null'], format: 'date-time' },
  processingMs: { type: ['integer', 'null'] },
  qualityScore: {
    type: ['number', 'null'],
    minimum: 0,
    maximum: 1,
    description: 'How sure the job is of the text it read: OCR word confidences, or text-layer sanity',
  },
  qualityCategory: nullable({ type: 'string', enum: [...qualityCategories] }),
  retryCount: { type: 'integer' },
  error: nullable(failureSchema),
  metadata: { type: 'object', additionalProperties: { type: 'string' } },
  options: { type: 'object', additionalProperties: true },
  fileName: { type: ['string', 'null'] },
  mimeType: { type: ['string', 'null'] },
  sizeBytes: { type: 'integer' },
  priority: { type: 'integer' },
  timeoutSeconds: { type: 'integer' },
  reprocessedFrom: { type: ['string', 'null'] },
  webhookUrl: { type: ['string', 'null'] },
  caseId: { type: ['string', 'null'] },
  expiresAt: { type: ['string', 'null'], format: 'date-time' },
  dependsOn: {
    type: 'array',
    items: { type: 'string' },
    description: 'The jobs whose parsed pages this one reuses (no second parse or OCR)',
  },
  waitingFor: {
    type: ['array', 'null'],
    items: { type: 'string' },
    description: 'The parents that have not ended yet; the job stays queued until none is left',
  },
  extractorId: { type: ['string', 'null'], description: 'The saved extractor an extract job used' },
  extractorVersion: { type: ['integer', 'null'], description: 'The version of that extractor' },
  minConfidence: {
    type: ['number', 'null'],
    minimum: 0,
    maximum: 1,
    description: "An extraction's lowest field confidence (a field not found counts 0)",
  },
} as const;

const jobDocProperties = {
  ...jobProperties,
  stage: nullable({ type: 'string', enum: [...jobStages] }),
  error: nullable(ref('JobError')),
  metadata: ref('Metadata'),
  options: ref('JobOptions'),
};

export const jobSchema = component(
  'Job',
  { $id: 'Job', type: 'object', properties: jobProperties } as const,
  // The document says what the serialiser cannot act on: every field is always there, no other is.
  {
    description: 'A job as GET /v1/jobs/{id} shows it (also in lists, events and the submit answer)',
    required: Object.keys(jobProperties),
    additionalProperties: false,
    properties: jobDocProperties,
  },
);

/** GET /v1/jobs/export?format=json: the job, and with include=data what it found. */
export const exportedJobSchema = component('ExportedJob', {
  type: 'object',
  required: Object.keys(jobProperties),
  additionalProperties: false,
  properties: {
    ...jobDocProperties,
    data: {
      description:
        "include=data: an extraction's data, a classification's {label, confidence, scores}, a workflow's {parts, steps}; null for other jobs",
    },
  },
});

export const errorSchema = component(
  'ErrorEnvelope',
  {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: [...errorCodes] },
          message: { type: 'string' },
          requestId: { type: 'string' },
          field: { type: 'string' },
        },
      },
    },
  } as const,
  {
    description: 'Every error answer: `field` names the request field at fault, when one is',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'requestId'],
        properties: {
          code: { type: 'string', enum: [...errorCodes] },
          message: { type: 'string' },
          requestId: { type: 'string', example: 'req_01jd2v0a4k5yq3m7r8s9t0v1w2' },
          field: { type: 'string', example: 'options.ocr' },
        },
      },
    },
  },
);

export const jobIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64, description: 'The job id' } },
} as const;

export const errorResponses = {
  400: { description: 'Invalid request', ...errorSchema },
  401: { description: 'Missing or invalid API key', ...errorSchema },
  404: { description: 'No such job in your organisation', ...errorSchema },
} as const;
