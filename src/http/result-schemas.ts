/**
 * The parse result's shape in /openapi.json (components.schemas): documentation only — the result
 * is served as stored, not serialised through these. Block types come from pipeline/types.ts.
 */
import { blockTypes } from '../pipeline/types.ts';
import { chunkResultSchemas, chunkSchema } from './chunk-schemas.ts';

const box = {
  type: ['array', 'null'],
  items: { type: 'number' },
  minItems: 4,
  maxItems: 4,
  description: '[x0, y0, x1, y1]: PDF points (pixels for images), origin top-left',
} as const;

const tableCell = {
  type: 'object',
  properties: {
    row: { type: 'integer' },
    col: { type: 'integer' },
    rowSpan: { type: 'integer' },
    colSpan: { type: 'integer' },
    text: { type: 'string' },
    bbox: box,
    page: {
      type: 'integer',
      description: 'options.mergeTables: the later page a merged row (and its bbox) is on',
    },
  },
} as const;

const block = {
  type: 'object',
  description: [
    'heading (level 1-6), paragraph, list (level: nesting depth), code (monospace lines),',
    'table (rows, cells with spans, headerRows, continued), figure (caption, name: GET /v1/jobs/{id}/figures/{name}),',
    'header / footer / pageNumber / watermark: page furniture, left out of text and markdown unless options.keepFurniture.',
  ].join(' '),
  properties: {
    type: { type: 'string', enum: [...blockTypes] },
    text: { type: 'string' },
    level: { type: 'integer' },
    bbox: box,
    rows: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
    cells: { type: 'array', items: tableCell },
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
  },
} as const;

const page = {
  type: 'object',
  properties: {
    page: { type: 'integer' },
    width: { type: ['number', 'null'] },
    height: { type: ['number', 'null'] },
    text: { type: 'string' },
    markdown: { type: 'string' },
    textLayer: { type: 'boolean' },
    source: { type: 'string', enum: ['textLayer', 'ocr', 'none'] },
    qualityScore: { type: ['number', 'null'] },
    blocks: { type: 'array', items: block },
  },
} as const;

export const parseResultSchemas = {
  ParseResult: {
    type: 'object',
    description: 'GET /v1/jobs/{id}/result of a parse job (?format=json)',
    properties: {
      metadata: { type: 'object', additionalProperties: true },
      pages: { type: 'array', items: page },
      text: { type: 'string' },
      markdown: { type: 'string' },
      qualityScore: { type: ['number', 'null'] },
      qualityCategory: { type: ['string', 'null'] },
      errors: { type: 'array', items: { type: 'object', additionalProperties: true } },
      chunks: { type: 'array', items: chunkSchema, description: 'With options.chunking' },
    },
  },
  ...chunkResultSchemas,
} as const;
