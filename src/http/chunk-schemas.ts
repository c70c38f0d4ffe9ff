/**
 * Chunks in /openapi.json (components.schemas): the options of a chunking job and the chunks in
 * its result. Documentation only, like result-schemas.ts; options are checked by
 * core/chunking-options.ts, which says how to fix a bad value.
 */

import { chunkStrategies, chunkTokenizers } from '../core/chunk.ts';
import { chunkingLimits, defaultMaxTokens } from '../core/chunking-options.ts';
import { mailResultProperties } from './schemas/mail.ts';
import { component, ref } from './schemas/registry.ts';

const chunkingProperties = {
  strategy: {
    type: 'string',
    enum: [...chunkStrategies],
    default: 'structure',
    description:
      'structure: by headings and sections, tables/lists/figures with captions whole where they fit, the heading path at the top of each chunk; size: token windows cut between sentences; page: one chunk a page (cut further when over maxTokens)',
  },
  maxTokens: {
    type: 'integer',
    minimum: chunkingLimits.minMaxTokens,
    maximum: chunkingLimits.maxMaxTokens,
    default: defaultMaxTokens,
    description: 'Upper bound of a chunk, heading context included, in tokens of `tokenizer`',
  },
  overlapTokens: {
    type: 'integer',
    minimum: 0,
    description:
      'Tokens repeated from the end of a chunk at the start of the next, in whole sentences where they fit; at most maxTokens / 2. Default: maxTokens / 8 for size, 0 otherwise',
  },
  minTokens: {
    type: 'integer',
    minimum: 0,
    default: 0,
    description:
      'A chunk smaller than this joins the next (else the one before) where both fit: under the headings they share (structure), within its page (page)',
  },
  tokenizer: { type: 'string', enum: [...chunkTokenizers], default: 'cl100k_base' },
} as const;

export const chunkingOptionsSchema = component('ChunkingOptions', {
  type: 'object',
  description:
    'options.chunking of a parse job (its result gains `chunks`) or a chunk job (defaults when absent)',
  additionalProperties: false,
  properties: chunkingProperties,
} as const);

component('ChunkingUsed', {
  type: 'object',
  description: 'The chunking options a job ran with, every default filled in',
  additionalProperties: false,
  required: Object.keys(chunkingProperties),
  properties: chunkingProperties,
});

const box = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 } as const;

export const chunkSchema = component('Chunk', {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'index', 'text', 'markdown', 'headingPath', 'pages', 'bboxes', 'blockTypes', 'tokens'],
  properties: {
    id: { type: 'string', example: 'job_01jd2v0a4k5yq3m7r8s9t0v1w2:3', description: '`{jobId}:{index}`' },
    index: { type: 'integer', description: '0-based, in reading order' },
    text: { type: 'string', description: 'What to embed: the heading path (structure), then the text' },
    markdown: { type: 'string' },
    headingPath: { type: 'array', items: { type: 'string' }, example: ['2 Methods', '2.1 Data'] },
    pages: { type: 'array', items: { type: 'integer' } },
    bboxes: {
      type: 'object',
      additionalProperties: { type: 'array', items: box },
      description: 'Per page number, the boxes [x0, y0, x1, y1] of the blocks the chunk draws from',
    },
    blockTypes: { type: 'array', items: { type: 'string' } },
    tokens: { type: 'integer', description: 'Tokens of `text` by chunking.tokenizer' },
  },
} as const);

component('ChunkResult', {
  type: 'object',
  description:
    'GET /v1/jobs/{id}/result of a chunk job (?format=json); a parse job with options.chunking has `chunks` and `chunking` beside its pages. ?format=jsonl: one chunk a line, with its jobId',
  additionalProperties: false,
  required: ['type', 'pages', 'chunks', 'chunking'],
  properties: {
    type: { type: 'string', enum: ['chunk'] },
    pages: { type: 'integer', description: 'Pages chunked' },
    chunks: { type: 'array', items: ref('Chunk') },
    chunking: ref('ChunkingUsed'),
    ...mailResultProperties,
  },
});
