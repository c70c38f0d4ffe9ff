/**
 * An `edit` job's options and result for /openapi.json (documentation only: core/edit-operations.ts
 * checks the operations and says how to fix a bad one).
 */
import { editLimits, editOperationTypes } from '../../core/edit-operations.ts';
import { readingProperties } from './options.ts';
import { component, ref } from './registry.ts';

const pages = {
  anyOf: [
    { type: 'string', example: '1-3,7' },
    { type: 'array', items: { type: 'integer', minimum: 1 } },
    { type: 'null' },
  ],
  description:
    'Pages of the document as the operations before this one left it ("1-3,7", "10-", or [1, 3]); rotate and redact: null or absent for all',
} as const;
const texts = {
  type: 'array',
  maxItems: editLimits.rules,
  items: { type: 'string', minLength: 1, maxLength: editLimits.ruleLength },
};

component('EditOperation', {
  type: 'object',
  description:
    "One operation, applied in order. rotate (pages, degrees), delete (pages), extract (keep pages), reorder (order), merge (append the documents of jobs, each one of dependsOn), redact (strings, regexes, or the evidence boxes of fromJob's fields: the words are removed from the page and its text, the boxes painted black with any image under them; the page is rasterised at 150 dpi and given an invisible text layer of the words kept)",
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...editOperationTypes] },
    pages,
    degrees: { type: 'integer', enum: [90, 180, 270, -90, -180, -270], description: 'rotate: clockwise' },
    order: {
      type: 'array',
      items: { type: 'integer', minimum: 1 },
      description: 'reorder: every page once, e.g. [3, 1, 2]',
    },
    jobs: {
      type: 'array',
      items: { type: 'string' },
      description: 'merge: job ids whose documents are appended',
    },
    strings: { ...texts, description: 'redact: texts to remove, found within words too' },
    regexes: { ...texts, description: 'redact: JavaScript regular expressions (flag u)' },
    caseSensitive: { type: 'boolean', default: false },
    fromJob: {
      type: ['string', 'null'],
      description: 'redact: an extract job (one of dependsOn) whose evidence boxes to redact',
    },
    fields: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'redact with fromJob: these field paths only (and what is under them); all when absent',
    },
  },
});

component('EditOptions', {
  type: 'object',
  description:
    "options of an edit job: the operations, and how the document is read for redaction. The document is the upload, or else the first dependsOn job's (an edit job's output, or the PDF it read)",
  additionalProperties: false,
  required: ['operations'],
  properties: {
    ...readingProperties,
    operations: { type: 'array', minItems: 1, maxItems: editLimits.operations, items: ref('EditOperation') },
  },
});

component('EditResult', {
  type: 'object',
  description:
    'GET /v1/jobs/{id}/result of an edit job (?format=json): what was done. The new PDF: GET /v1/jobs/{id}/output; its parsed pages are what jobs with dependsOn on this one read',
  additionalProperties: false,
  required: ['type', 'pages', 'sourcePages', 'operations', 'redactions', 'pagesRedacted', 'outputBytes'],
  properties: {
    type: { type: 'string', enum: ['edit'] },
    pages: { type: 'integer', description: 'Pages of the new PDF' },
    sourcePages: { type: 'integer', description: 'Pages of the documents it was made from' },
    operations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'pagesAfter'],
        properties: { type: { type: 'string' }, pagesAfter: { type: 'integer' } },
      },
    },
    redactions: {
      type: 'array',
      description: 'One per rule: a string, a regex, or a field of fromJob',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'value', 'matches', 'words'],
        properties: {
          rule: { type: 'string', enum: ['string', 'regex', 'evidence'] },
          value: { type: 'string' },
          matches: { type: 'integer', description: 'Places it matched' },
          words: { type: 'integer', description: 'Words removed' },
        },
      },
    },
    pagesRedacted: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Pages of the new PDF that were rasterised',
    },
    outputBytes: { type: 'integer' },
    verified: { type: 'boolean', description: 'The new PDF was parsed again and no redacted text was found' },
  },
});
