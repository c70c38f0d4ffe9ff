/**
 * What the routes on one job answer besides the job itself: its trace, the delete report, and the
 * events of its stream. Producers: engine/job-trace.ts (JobTrace), services/delete-job.ts,
 * services/live-events/job-changes.ts.
 */
import { jobStatuses } from '../../core/job-status.ts';
import { ocrModes } from '../../core/parse-options.ts';
import { jobStages } from '../schemas.ts';
import { component, ref } from './registry.ts';

const count = { type: 'integer', minimum: 0 } as const;

component('OcrPass', {
  type: 'object',
  description: 'One OCR pass: a quality-gated job shows its standard pass, then its premium one',
  additionalProperties: false,
  required: ['mode', 'pages', 'failedPages', 'score', 'ms'],
  properties: {
    mode: { type: 'string', enum: [...ocrModes] },
    pages: count,
    failedPages: count,
    score: { type: ['number', 'null'], description: 'Character-weighted confidence; null: nothing read' },
    ms: count,
    pagesKept: { ...count, description: 'premium: pages whose reading beat the standard pass and was kept' },
    pictures: { ...count, description: 'Picture regions read on text-layer pages' },
    reusedPages: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Pages an earlier attempt had read (page checkpoints): not read again',
    },
  },
});

component('TraceStage', {
  type: 'object',
  description:
    'parsing (reusedFrom: the parents whose pages were reused), ocr (passes), an engine call (extracting, classifying, chunking, filling: engine, pages, llm, chunks, tokenizer), or embedding',
  additionalProperties: false,
  required: ['stage', 'ms'],
  properties: {
    stage: { type: 'string', enum: [...jobStages] },
    ms: count,
    reusedFrom: { type: 'array', items: { type: 'string' } },
    passes: { type: 'array', items: ref('OcrPass') },
    engine: { type: 'string', enum: ['builtin', 'llm', 'embeddings'] },
    pages: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: { from: { type: 'integer' }, to: { type: 'integer' } },
      description: 'The pages (of a workflow part) the call ran on',
    },
    llm: {
      type: 'object',
      additionalProperties: false,
      required: ['model', 'usage', 'exchanges'],
      properties: {
        model: { type: 'string' },
        usage: {
          type: 'object',
          additionalProperties: false,
          required: ['promptTokens', 'completionTokens', 'totalTokens', 'calls'],
          properties: {
            promptTokens: count,
            completionTokens: count,
            totalTokens: count,
            calls: count,
          },
        },
        exchanges: {
          type: 'array',
          description: 'Every HTTP request to the endpoint and its answer (long texts cut); never the key',
          items: { type: 'object', additionalProperties: true },
        },
      },
    },
    chunks: count,
    tokenizer: { type: 'string' },
    embeddings: {
      type: 'object',
      additionalProperties: false,
      required: ['model', 'dims', 'texts', 'requests', 'tokens'],
      properties: { model: { type: 'string' }, dims: count, texts: count, requests: count, tokens: count },
    },
  },
});

export const traceSchema = component('JobTrace', {
  type: 'object',
  description: "GET /v1/jobs/{id}/trace: the last run's stages with timings, and the engines' versions",
  additionalProperties: false,
  required: ['jobId', 'attempt', 'stages', 'engines', 'qualityScore'],
  properties: {
    jobId: { type: 'string' },
    attempt: { type: 'integer', minimum: 0, description: 'The run (0: the first)' },
    stages: { type: 'array', items: ref('TraceStage') },
    engines: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Package versions, e.g. {"docjobs": "0.1.0", "pdfjs-dist": "6.5.438"}',
    },
    qualityScore: { type: ['number', 'null'] },
    llmTokens: { ...count, description: 'Tokens over every LLM call, when there was one' },
  },
});

/** The `data:` of each server-sent event, by its `event:` name. */
const eventData = {
  state: ref('Job'),
  status: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'status', 'error', 'retryCount', 'startedAt', 'completedAt', 'processingMs'],
    properties: {
      id: { type: 'string' },
      status: { type: 'string', enum: [...jobStatuses] },
      error: { anyOf: [ref('JobError'), { type: 'null' }] },
      retryCount: { type: 'integer' },
      startedAt: { type: ['string', 'null'], format: 'date-time' },
      completedAt: { type: ['string', 'null'], format: 'date-time' },
      processingMs: { type: ['integer', 'null'] },
    },
  },
  stage: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'stage'],
    properties: {
      id: { type: 'string' },
      stage: { anyOf: [{ type: 'string', enum: [...jobStages] }, { type: 'null' }] },
    },
  },
  pages: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'pagesDone', 'pagesTotal'],
    properties: { id: { type: 'string' }, pagesDone: count, pagesTotal: { type: ['integer', 'null'] } },
  },
  progress: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'progress'],
    properties: { id: { type: 'string' }, progress: { type: 'integer', minimum: 0, maximum: 100 } },
  },
  quality: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'qualityScore', 'qualityCategory'],
    properties: {
      id: { type: 'string' },
      qualityScore: { type: ['number', 'null'] },
      qualityCategory: { type: ['string', 'null'] },
    },
  },
  end: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'status'],
    properties: { id: { type: 'string' }, status: { type: 'string', enum: [...jobStatuses] } },
  },
} as const;

const eventName = (event: string) => `JobEvent${event[0]!.toUpperCase()}${event.slice(1)}`;

export const jobEventSchemas = Object.fromEntries(
  Object.entries(eventData).map(([event, data]) => [
    event,
    component(eventName(event), {
      type: 'object',
      description: `A text/event-stream event \`${event}\`: its data line parsed`,
      additionalProperties: false,
      required: ['event', 'data'],
      properties: { event: { type: 'string', enum: [event] }, data },
    }),
  ]),
);

export const jobEventSchema = component('JobEvent', {
  description:
    'One server-sent event of GET /v1/jobs/{id}/events or /v1/events, as `event:` name and parsed `data:` JSON',
  oneOf: Object.keys(eventData).map((event) => ref(eventName(event))),
  discriminator: {
    propertyName: 'event',
    mapping: Object.fromEntries(Object.keys(eventData).map((event) => [event, ref(eventName(event)).$ref])),
  },
});

/** SSE routes: the stream as text, each event as JobEvent. */
export const eventStream = {
  'text/event-stream': {
    type: 'string',
    description: '`event: NAME` and `data: JSON` lines per event (components.schemas.JobEvent)',
    'x-event-schema': ref('JobEvent'),
  },
};
