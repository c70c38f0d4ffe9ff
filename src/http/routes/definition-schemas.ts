/** The OpenAPI schemas of /v1/extractors and /v1/classifiers, built per kind. */
import { type DefinitionKind, definitionLimits, specField } from '../../core/definition.ts';
import { engineChoices } from '../../core/task.ts';
import { closedComponent, component } from '../schemas/registry.ts';
import { errorResponses, errorSchema } from '../schemas.ts';

const named = (kind: DefinitionKind) => (kind === 'extractor' ? 'Extractor' : 'Classifier');

const limits = definitionLimits;

export const categorySchema = component('ClassifierCategory', {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: limits.nameLength,
      description: 'The label jobs answer with',
    },
    description: { type: 'string', maxLength: limits.descriptionLength },
    keywords: {
      type: 'array',
      maxItems: limits.keywords,
      items: { type: 'string', minLength: 1, maxLength: limits.keywordLength },
    },
    examples: {
      type: 'array',
      maxItems: limits.examples,
      description: 'Short texts typical of the category',
      items: { type: 'string', minLength: 1, maxLength: limits.exampleLength },
    },
  },
} as const);

export const categoriesSchema = {
  type: 'array',
  minItems: 1,
  maxItems: limits.categories,
  description: 'Names must differ (ignoring case)',
  items: categorySchema,
} as const;

const extractionSchemaField = {
  type: 'object',
  additionalProperties: true,
  description:
    'The JSON Schema (draft 2020-12) that extract jobs fill; its property order is the CSV column order',
} as const;

const specSchemas = { extractor: extractionSchemaField, classifier: categoriesSchema } as const;

const commonFields = {
  name: { type: 'string', minLength: 1, maxLength: limits.nameLength },
  description: { type: ['string', 'null'], maxLength: limits.descriptionLength },
  prompt: {
    type: ['string', 'null'],
    maxLength: limits.promptLength,
    description: 'Extra instructions for the LLM engine; the built-in engine ignores them',
  },
  engine: {
    type: 'string',
    enum: [...engineChoices],
    description: 'auto (the default): the LLM when one is configured, else the built-in engine',
  },
  options: { type: ['object', 'null'], additionalProperties: true, description: 'Engine options' },
} as const;

/** The body of a create or PUT (`whole`: name and schema or categories required) or of a PATCH. */
export function definitionBody(kind: DefinitionKind, whole: boolean) {
  return component(`${named(kind)}${whole ? 'Request' : 'Patch'}`, {
    type: 'object',
    additionalProperties: false,
    ...(whole ? { required: ['name', specField[kind]] } : { minProperties: 1 }),
    properties: { ...commonFields, [specField[kind]]: specSchemas[kind] },
  });
}

/** A definition at its current version, or (without updatedAt) one version of its history. */
export function definitionSchema(kind: DefinitionKind) {
  const schema = {
    type: 'object',
    properties: {
      id: {
        type: 'string',
        example: kind === 'extractor' ? 'ext_01jd2v0a4k5yq3m7r8s9t0v1w2' : 'cls_01jd2v0a4k5yq3m7r8s9t0v1w2',
      },
      version: { type: 'integer', minimum: 1 },
      name: { type: 'string' },
      description: { type: ['string', 'null'] },
      [specField[kind]]: specSchemas[kind],
      prompt: { type: ['string', 'null'] },
      engine: { type: 'string', enum: [...engineChoices] },
      options: { type: 'object', additionalProperties: true },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time', description: 'When the current version was made' },
    },
  } as const;
  // A version of the history has no updatedAt.
  return closedComponent(named(kind), schema, ['updatedAt']);
}

/** A 400 whose `pointer` locates the fault inside `schema` or `categories` (RFC 6901). */
export const invalidDefinition = {
  description: 'Invalid request; `field` names the field, `pointer` the place inside it',
  ...component('DefinitionError', {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: { ...errorSchema.properties.error.properties, pointer: { type: 'string' } },
      },
    },
  } as const),
};

export const definitionIdParams = {
  type: 'object',
  required: ['id'],
  // Any string up to 64: an id of another shape is a 404 like any unknown id, not a 400.
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

export const versionParams = {
  type: 'object',
  required: ['id', 'n'],
  properties: {
    ...definitionIdParams.properties,
    n: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
  },
} as const;

export const definitionNotFoundSchema = (kind: DefinitionKind) => ({
  ...errorResponses[404],
  description: `No such ${kind} in your organisation`,
});
