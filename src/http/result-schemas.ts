/**
 * The parse result's shape in /openapi.json (components.schemas): documentation only — the result
 * is served as stored, not serialised through these. Its producers: pipeline/types.ts
 * (ParsedDocument, ParsedPage, Block), engine/run-job.ts (`type`), pipeline/tasks/run-chunking.ts
 * (`chunks`, `chunking`). Closed (additionalProperties: false), so that test/openapi-results.test.ts
 * fails when a producer adds a field these do not describe.
 */
import { errorCodes } from '../core/errors.ts';
import { ocrModes } from '../core/parse-options.ts';
import { qualityCategories } from '../core/quality.ts';
import { blockTypes, imageKinds } from '../pipeline/types.ts';
import { mailResultProperties } from './schemas/mail.ts';
import { component, ref } from './schemas/registry.ts';

const box = {
  type: 'array',
  items: { type: 'number' },
  minItems: 4,
  maxItems: 4,
  description: '[x0, y0, x1, y1]: PDF points (pixels for images), origin top-left',
} as const;
const nullableBox = { ...box, type: ['array', 'null'] } as const;

component('TableCell', {
  type: 'object',
  additionalProperties: false,
  required: ['row', 'col', 'rowSpan', 'colSpan', 'text', 'bbox'],
  properties: {
    row: { type: 'integer' },
    col: { type: 'integer' },
    rowSpan: { type: 'integer' },
    colSpan: { type: 'integer' },
    text: { type: 'string' },
    bbox: nullableBox,
    page: {
      type: 'integer',
      description: 'options.mergeTables: the later page a merged row (and its bbox) is on',
    },
    value: {
      type: ['string', 'number', 'boolean'],
      description: 'Spreadsheets: the typed value behind text (dates as ISO 8601 strings)',
    },
    valueType: { type: 'string', enum: ['number', 'boolean', 'date', 'string', 'error'] },
  },
});

component('Block', {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text', 'bbox'],
  description: [
    'heading (level 1-6), paragraph, list (level: nesting depth), code (monospace lines),',
    'table (rows, cells with spans, headerRows, continued), figure (caption, name: GET /v1/jobs/{id}/figures/{name}),',
    'header / footer / pageNumber / watermark: page furniture, left out of text and markdown unless options.keepFurniture.',
    'Blocks are in reading order.',
  ].join(' '),
  properties: {
    type: { type: 'string', enum: [...blockTypes] },
    text: { type: 'string' },
    level: { type: 'integer' },
    bbox: nullableBox,
    rows: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
    cells: { type: 'array', items: ref('TableCell') },
    headerRows: { type: 'integer' },
    continued: { type: 'boolean', description: 'The table goes on from the previous page' },
    continuedOn: {
      type: 'array',
      items: { type: 'integer' },
      description: 'options.mergeTables: pages whose continuation rows were merged into this table',
    },
    caption: { type: ['string', 'null'] },
    name: { type: 'string', example: 'p3-1.png' },
    source: {
      type: 'string',
      enum: ['ocr'],
      description:
        'ocr: on a text-layer page, text read from a picture on it (ocr auto) that the text layer lacks',
    },
    confidence: { type: 'number', description: 'OCR confidence 0..1 of a block with source ocr' },
    hidden: { type: 'boolean', description: 'Spreadsheets: the sheet is hidden in the workbook' },
    truncated: {
      type: 'string',
      description: 'Spreadsheets: what was left out of the table to stay within the reading limits',
    },
  },
});

const word = {
  text: { type: 'string' },
  bbox: box,
  confidence: { type: 'number', minimum: 0, maximum: 1 },
} as const;

component('OcrWord', {
  type: 'object',
  additionalProperties: false,
  required: Object.keys(word),
  properties: word,
});

component('TextLine', {
  type: 'object',
  description:
    'A line with its words: read by OCR, or from a PDF text layer (confidence 1, word boxes shared out by characters)',
  additionalProperties: false,
  required: [...Object.keys(word), 'words'],
  properties: {
    ...word,
    words: { type: 'array', items: ref('OcrWord') },
    size: { type: 'number', description: "Its letters' height, ascender top to descender bottom" },
    baseline: { ...box, description: 'Its baseline from left end to right: the slant of a skewed scan' },
  },
});

component('PageOcr', {
  type: 'object',
  description: 'How OCR read the page',
  additionalProperties: false,
  required: ['mode', 'languages', 'rotation', 'confidence'],
  properties: {
    mode: { type: 'string', enum: [...ocrModes] },
    languages: { type: 'array', items: { type: 'string' } },
    rotation: { type: 'number', description: 'Clockwise degrees the page was turned before reading' },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    engine: { type: 'string', enum: ['paddle', 'tesseract', 'paddle+tesseract'] },
  },
});

component('Page', {
  type: 'object',
  additionalProperties: false,
  required: ['page', 'width', 'height', 'text', 'markdown', 'textLayer', 'source', 'qualityScore', 'blocks'],
  properties: {
    page: { type: 'integer', description: '1-based, the number in the document (also with options.pages)' },
    width: { type: ['number', 'null'], description: 'PDF points, pixels for images' },
    height: { type: ['number', 'null'] },
    text: { type: 'string' },
    markdown: { type: 'string' },
    textLayer: { type: 'boolean' },
    source: { type: 'string', enum: ['textLayer', 'ocr', 'none'] },
    qualityScore: {
      type: ['number', 'null'],
      description: 'OCR word confidences, or text-layer sanity; null when the page has no text',
    },
    blocks: { type: 'array', items: ref('Block') },
    words: { type: 'array', items: ref('OcrWord'), description: 'OCR pages: the words read' },
    lines: { type: 'array', items: ref('TextLine') },
    ocr: ref('PageOcr'),
  },
});

component('DocumentMetadata', {
  type: 'object',
  additionalProperties: false,
  required: ['pages', 'fileType', 'mimeType', 'title', 'author'],
  properties: {
    pages: { type: 'integer' },
    fileType: {
      type: 'string',
      enum: [
        'pdf',
        'docx',
        'pptx',
        'odp',
        'html',
        'markdown',
        'text',
        'xlsx',
        'ods',
        'csv',
        ...imageKinds,
        'eml',
        'msg',
        'odt',
        'epub',
        'rtf',
      ],
    },
    mimeType: { type: 'string' },
    title: { type: ['string', 'null'] },
    author: { type: ['string', 'null'] },
    subject: { type: ['string', 'null'] },
    creator: { type: ['string', 'null'] },
    producer: { type: ['string', 'null'] },
    createdAt: { type: ['string', 'null'] },
    email: ref('EmailHeaders'),
  },
});

component('PageError', {
  type: 'object',
  description: 'A page that could not be read: the job ends partial when others could',
  additionalProperties: false,
  required: ['page', 'code', 'message', 'stage'],
  properties: {
    page: { type: 'integer' },
    code: { type: 'string', enum: [...errorCodes] },
    message: { type: 'string' },
    stage: { type: 'string', enum: ['parsing', 'ocr'] },
  },
});

/** The parsed document's own fields: a parse result's, and what extract/classify jobs read. */
export const documentProperties = {
  metadata: ref('DocumentMetadata'),
  pages: { type: 'array', items: ref('Page') },
  text: { type: 'string' },
  markdown: { type: 'string' },
  qualityScore: { type: ['number', 'null'], minimum: 0, maximum: 1 },
  qualityCategory: { anyOf: [{ type: 'string', enum: [...qualityCategories] }, { type: 'null' }] },
  errors: { type: 'array', items: ref('PageError') },
} as const;

component('ParseResult', {
  type: 'object',
  description: 'GET /v1/jobs/{id}/result of a parse job (?format=json)',
  additionalProperties: false,
  required: ['type', ...Object.keys(documentProperties)],
  properties: {
    type: { type: 'string', enum: ['parse'] },
    ...documentProperties,
    chunks: { type: 'array', items: ref('Chunk'), description: 'With options.chunking' },
    chunking: {
      ...ref('ChunkingUsed'),
      description: 'With options.chunking: what the chunks were made with',
    },
    ...mailResultProperties,
  },
});
