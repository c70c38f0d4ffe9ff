/**
 * The request fields of extract, classify and workflow jobs, for /openapi.json and a first check
 * of their shape. The full check (a valid JSON Schema, known extractors, engines) is resolveTask's.
 */
import { engineChoices } from '../core/task.ts';

const categorySchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    keywords: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 100 },
    examples: { type: 'array', items: { type: 'string', maxLength: 5000 }, maxItems: 20 },
  },
} as const;

export const taskFieldSchemas = {
  schema: {
    type: 'object',
    additionalProperties: true,
    description:
      'extract: the JSON Schema (draft 2020-12) to fill; an invalid one is a 400 with its JSON pointer',
  },
  extractorId: {
    type: 'string',
    maxLength: 64,
    description: 'extract: a saved extractor instead of `schema`',
  },
  prompt: { type: 'string', maxLength: 20000, description: 'Extra instructions for the LLM engine' },
  categories: {
    type: 'array',
    items: categorySchema,
    minItems: 1,
    maxItems: 100,
    description: 'classify: the categories to choose from',
  },
  classifierId: { type: 'string', maxLength: 64, description: 'classify: a saved set of categories' },
  engine: {
    type: 'string',
    enum: [...engineChoices],
    description: 'auto (default): the LLM when LLM_BASE_URL is set, else the built-in engine',
  },
  steps: {
    type: 'array',
    minItems: 1,
    maxItems: 10,
    items: { type: 'object', required: ['type'], additionalProperties: true },
    description:
      'workflow: ordered steps, each {type: classify|extract|split, …}; extract may choose by label with `byLabel`',
  },
  dependsOn: {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 20 }],
    description: 'Job id(s) whose parsed pages this job reuses; it waits for them (no second parse or OCR)',
  },
} as const;
