/**
 * The results of extract, classify and workflow jobs, and of every job type together (`JobResult`,
 * told apart by `type`), for /openapi.json. Documentation only, like result-schemas.ts. Producers:
 * pipeline/tasks/run-task.ts and run-workflow.ts, pipeline/extract/types.ts (ExtractionOutput),
 * pipeline/classify/types.ts (ClassificationOutput); engine/run-job.ts adds `type` and `pages`.
 */

import { jobTypes } from '../../core/job.ts';
import { mailResultProperties } from './mail.ts';
// The parse and chunk results JobResult names.
import '../chunk-schemas.ts';
import './edit-docs.ts';
import './fill-docs.ts';
import './generate-docs.ts';
import '../result-schemas.ts';
import './schema-job.ts';
import './split.ts';
import { component, ref } from './registry.ts';

const engine = {
  type: 'string',
  enum: ['builtin', 'llm'],
  description: 'The engine that ran: the built-in one, or the OpenAI-compatible endpoint',
} as const;

const scoreMap = (description: string) =>
  ({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    description,
  }) as const;

component('DefinitionRef', {
  type: 'object',
  description: 'The saved extractor or classifier, at the version the job used',
  additionalProperties: false,
  required: ['id', 'version'],
  properties: { id: { type: 'string' }, version: { type: 'integer', minimum: 1 } },
});

component('FieldEvidence', {
  type: 'object',
  description: "Where a value was read: the page (1-based), its box in that page's units, the text",
  additionalProperties: false,
  required: ['page', 'bbox', 'text'],
  properties: {
    page: { type: 'integer', minimum: 1 },
    bbox: {
      type: ['array', 'null'],
      items: { type: 'number' },
      minItems: 4,
      maxItems: 4,
      description: '[x0, y0, x1, y1], origin top-left',
    },
    text: { type: 'string' },
  },
});

/** What an extraction gives (ExtractionOutput), in a job's result and in a workflow step's. */
const extraction = {
  data: {
    type: 'object',
    additionalProperties: true,
    description: "The request's schema filled in; a field that was not found is null",
  },
  confidence: scoreMap(
    'Calibrated 0..1 per field path (`total`, `vendor.name`, `lines[0].amount`); 0 for a field not found',
  ),
  evidence: {
    type: 'object',
    additionalProperties: ref('FieldEvidence'),
    description: 'Per field path that has a value: where it was read',
  },
} as const;

const classification = {
  label: { type: ['string', 'null'], description: "The best category's name; null when none scores above 0" },
  confidence: { type: 'number', minimum: 0, maximum: 1, description: 'How sure the engine is of `label`' },
  scores: scoreMap('0..1 per category name; every category appears'),
} as const;

const pages = { type: 'integer', description: 'Pages the job read' } as const;

component('ExtractResult', {
  type: 'object',
  description:
    'GET /v1/jobs/{id}/result of an extract job (?format=json; csv and jsonl: one row per line item). A `prompt` operation answers as data.answer.',
  additionalProperties: false,
  required: ['type', 'pages', 'engine', 'extractor', 'schema', 'data', 'confidence', 'evidence'],
  properties: {
    type: { type: 'string', enum: ['extract'] },
    pages,
    engine,
    extractor: { anyOf: [ref('DefinitionRef'), { type: 'null' }] },
    schema: { type: 'object', additionalProperties: true, description: 'The JSON Schema that was filled' },
    ...extraction,
    ...mailResultProperties,
  },
});

component('ClassifyResult', {
  type: 'object',
  description: 'GET /v1/jobs/{id}/result of a classify job (?format=json)',
  additionalProperties: false,
  required: ['type', 'pages', 'engine', 'classifier', 'label', 'confidence', 'scores'],
  properties: {
    type: { type: 'string', enum: ['classify'] },
    pages,
    engine,
    classifier: { anyOf: [ref('DefinitionRef'), { type: 'null' }] },
    ...classification,
    ...mailResultProperties,
  },
});

const range = {
  from: { type: 'integer', minimum: 1, description: 'First page, 1-based' },
  to: { type: 'integer', minimum: 1, description: 'Last page, inclusive' },
} as const;

component('WorkflowPart', {
  type: 'object',
  description: 'A part of the document: its pages and the label it was given (by split or classify)',
  additionalProperties: false,
  required: ['from', 'to', 'label'],
  properties: { ...range, label: { type: ['string', 'null'] } },
});

component('WorkflowOutput', {
  type: 'object',
  description:
    "One part's output of a classify step (label, confidence, scores) or an extract step (extractor, schema, data, confidence, evidence; `skipped` when no extraction matched its label)",
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    ...range,
    ...classification,
    confidence: {
      anyOf: [classification.confidence, scoreMap('extract: calibrated 0..1 per field path')],
      description: 'classify: how sure of `label`; extract: per field path',
    },
    extractor: { anyOf: [ref('DefinitionRef'), { type: 'null' }] },
    schema: { type: 'object', additionalProperties: true },
    data: extraction.data,
    evidence: extraction.evidence,
    skipped: { type: 'string', description: 'Why no extraction ran on this part' },
  },
});

component('WorkflowStepResult', {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'ms'],
  properties: {
    type: { type: 'string', enum: ['split', 'classify', 'extract'] },
    ms: { type: 'integer', description: 'How long the step took' },
    parts: { type: 'array', items: ref('WorkflowPart'), description: 'split: the parts it cut' },
    outputs: {
      type: 'array',
      items: ref('WorkflowOutput'),
      description: 'classify and extract: one per part',
    },
  },
});

component('WorkflowResult', {
  type: 'object',
  description: "GET /v1/jobs/{id}/result of a workflow job (?format=json): every step's output",
  additionalProperties: false,
  required: ['type', 'pages', 'steps', 'parts'],
  properties: {
    type: { type: 'string', enum: ['workflow'] },
    pages,
    steps: { type: 'array', items: ref('WorkflowStepResult') },
    parts: { type: 'array', items: ref('WorkflowPart'), description: 'The parts at the end, with labels' },
    ...mailResultProperties,
  },
});

/** The result of every job type, told apart by `type` (the job's type). */
const resultOf: Record<(typeof jobTypes)[number], string> = {
  parse: 'ParseResult',
  extract: 'ExtractResult',
  classify: 'ClassifyResult',
  workflow: 'WorkflowResult',
  chunk: 'ChunkResult',
  edit: 'EditResult',
  split: 'SplitResult',
  fill: 'FillResult',
  schema: 'SchemaResult',
  generate: 'GenerateResult',
};

export const jobResultSchema = component('JobResult', {
  description: "GET /v1/jobs/{id}/result?format=json: the result of the job's type",
  oneOf: jobTypes.map((type) => ref(resultOf[type])),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(jobTypes.map((type) => [type, ref(resultOf[type]).$ref])),
  },
});
