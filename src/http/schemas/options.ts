/**
 * The `options` of a job, by type, for /openapi.json (documentation only: core/parse-options.ts
 * checks them and says how to fix a bad value). Every type reads its document the same way; parse
 * and chunk jobs also take `chunking`.
 */
import {
  defaultParseOptions,
  ocrEngines,
  ocrLanguages,
  ocrModes,
  ocrSettings,
} from '../../core/parse-options.ts';
import { emailOption } from './mail.ts';
import { component, ref } from './registry.ts';

export const readingProperties = {
  ocr: {
    type: 'string',
    enum: [...ocrSettings],
    default: defaultParseOptions.ocr,
    description: 'auto: OCR the pages without a usable text layer; force: every page; off: none',
  },
  languages: {
    anyOf: [
      { type: 'array', items: { type: 'string', enum: [...ocrLanguages] }, minItems: 1 },
      { type: 'string', description: 'tesseract\'s form: "eng+deu"' },
    ],
    default: defaultParseOptions.languages,
    description: 'The languages OCR reads (shipped: nothing is downloaded)',
  },
  ocrMode: {
    type: 'string',
    enum: [...ocrModes],
    default: defaultParseOptions.ocrMode,
    description: 'premium: higher resolution and image clean-up (slower)',
  },
  ocrEngine: {
    type: 'string',
    enum: [...ocrEngines],
    default: defaultParseOptions.ocrEngine,
    description:
      'auto: PaddleOCR for English, tesseract for other languages; paddle or tesseract: that engine alone',
  },
  minQuality: {
    type: ['number', 'null'],
    minimum: 0,
    maximum: 1,
    default: null,
    description: 'When the standard OCR pass scores below this, OCR runs again in premium mode',
  },
  pages: {
    type: ['string', 'null'],
    default: null,
    example: '1-3,7',
    description: 'Only these pages; the result keeps their own page numbers. null: all',
  },
  pageSeparator: {
    type: ['string', 'null'],
    maxLength: 200,
    default: null,
    example: '\n\n<!-- page {page} -->\n\n',
    description:
      "Between pages in the document's markdown and text, `{page}` standing for the next page's number; null: a blank line",
  },
  keepFurniture: {
    type: 'boolean',
    default: false,
    description: 'true keeps running heads, footers, page numbers and watermarks in text and markdown',
  },
  mergeTables: {
    type: 'boolean',
    default: false,
    description: 'true merges the rows of a table continued over a page break into the table it continues',
  },
  email: emailOption,
} as const;

const chunking = {
  anyOf: [ref('ChunkingOptions'), { type: 'boolean', enum: [true], description: 'Every default' }],
  description: "Chunks for retrieval: a parse job's result gains `chunks`; a chunk job defaults them",
} as const;

component('ReadingOptions', {
  type: 'object',
  description:
    'options of an extract, classify or workflow job: how its document is read (chunking is refused: submit a chunk job with dependsOn)',
  additionalProperties: false,
  properties: readingProperties,
});

component('ParseOptions', {
  type: 'object',
  description: 'options of a parse or chunk job',
  additionalProperties: false,
  properties: { ...readingProperties, chunking },
});

/** What a job shows as `options`: what it ran with, every default filled in. */
component('JobOptions', {
  type: 'object',
  description:
    'The options a job runs with, defaults filled in; `chunking` on parse jobs that asked for it and on every chunk job',
  additionalProperties: false,
  required: Object.keys(defaultParseOptions),
  properties: {
    ...readingProperties,
    languages: { type: 'array', items: { type: 'string', enum: [...ocrLanguages] }, minItems: 1 },
    chunking: ref('ChunkingUsed'),
    operations: { type: 'array', items: ref('EditOperation'), description: 'edit jobs' },
    // A generate job's own (GenerateOptions), shown as it was sent.
    template: { type: 'string', description: 'generate jobs' },
    templateFormat: { type: 'string', description: 'generate jobs' },
    data: { type: 'object', additionalProperties: true, description: 'generate jobs' },
    pageSize: { type: 'string', description: 'generate jobs' },
    pageNumbers: { type: 'boolean', description: 'generate jobs' },
    title: { type: ['string', 'null'], description: 'generate jobs' },
  },
});
