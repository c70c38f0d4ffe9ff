/**
 * The options and result of a `split` job, for /openapi.json (documentation only:
 * services/split-task.ts checks the options; pipeline/split/run-split.ts and services/split-parts.ts
 * make the result).
 */
import { mailResultProperties } from './mail.ts';
import { readingProperties } from './options.ts';
import { component, ref } from './registry.ts';

/** A part's pages, 1-based and inclusive (a split job's options.ranges, a workflow's split step). */
export const pageRangeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { type: 'integer', minimum: 1 },
    to: { type: 'integer', minimum: 1 },
    label: { type: 'string', maxLength: 200 },
  },
} as const;

component('SplitOptions', {
  type: 'object',
  description:
    'options of a split job: how its document is read, and `ranges` (explicit parts; absent: found at document boundaries) and `then` (an extract job per part)',
  additionalProperties: false,
  properties: {
    ...readingProperties,
    ranges: {
      description:
        'Explicit parts: "1-3,4-6", or a list of {from, to, label?}; 1-based pages, ascending, not overlapping. Pages in no range belong to no part',
      oneOf: [
        { type: 'string', example: '1-3,4-6' },
        { type: 'array', minItems: 1, maxItems: 100, items: pageRangeSchema },
      ],
    },
    // biome-ignore lint/suspicious/noThenProperty: the option is named `then` (issue 19); a schema is never awaited
    then: {
      type: 'object',
      description:
        'Each part submitted as an extract job over the split job\'s pages (dependsOn it, options.pages the part\'s): {type: "extract", schema or extractorId, prompt?, engine?}',
      required: ['type'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: ['extract'] },
        schema: { type: 'object', additionalProperties: true },
        extractorId: { type: 'string' },
        prompt: { type: 'string', maxLength: 20000 },
        engine: { type: 'string', enum: ['auto', 'builtin', 'llm'] },
      },
    },
  },
});

component('SplitPart', {
  type: 'object',
  description: 'One document of the packet',
  additionalProperties: false,
  required: ['part', 'pages', 'label', 'confidence', 'cues', 'document'],
  properties: {
    part: { type: 'integer', minimum: 1, description: 'Its number n in /v1/jobs/{id}/parts/{n}/document' },
    pages: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      description: '1-based, inclusive positions among the pages the job read',
      properties: { from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 } },
    },
    label: { type: ['string', 'null'], description: "The range's label, else the part's classification" },
    confidence: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description:
        'How sure the cut is: the weakest of the cut before the part and the page breaks inside it left uncut (1 for explicit ranges)',
    },
    cues: {
      type: 'array',
      items: { type: 'string' },
      description:
        'The cues that decided the cut before it, strongest first: pageNumberRestarts, lastOfN, documentNumberChanged, pageSizeChanged, afterBlankPage, opensDocument, labelChanged, differentText; firstPage for the first part, ranges for explicit ones',
    },
    document: {
      type: ['string', 'null'],
      description:
        'Where its PDF is (GET): original PDF pages copied, or an image as a PDF page; null for inputs without pages to copy (DOCX, HTML, text) and jobs over several parents',
    },
    jobId: { type: 'string', description: 'options.then: the extract job of this part' },
    error: { type: 'string', description: 'options.then: why its extract job could not be submitted' },
  },
});

component('SplitResult', {
  type: 'object',
  description: 'GET /v1/jobs/{id}/result of a split job (?format=json): the parts',
  additionalProperties: false,
  required: ['type', 'pages', 'mode', 'parts'],
  properties: {
    type: { type: 'string', enum: ['split'] },
    pages: { type: 'integer', minimum: 0, description: 'Pages the job read' },
    mode: { type: 'string', enum: ['ranges', 'auto'], description: 'Explicit ranges, or found boundaries' },
    parts: { type: 'array', items: ref('SplitPart') },
    ...mailResultProperties,
  },
});
