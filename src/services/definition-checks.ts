/**
 * What a saved extractor or classifier must be, beyond the shapes the route schemas already check:
 * a schema the engines can fill, category names that tell the categories apart, sizes that keep a
 * definition small enough to copy into every job that uses it. Written for requests that did not
 * come through a route schema too (a job's inline `categories`), so nothing here trusts the shape.
 */

import { type DefinitionFields, type DefinitionKind, definitionLimits } from '../core/definition.ts';
import { DocjobsError } from '../core/errors.ts';
import { engineChoices } from '../core/task.ts';
import type { Category } from '../pipeline/classify/types.ts';
import { checkExtractionSchema } from '../pipeline/extract/schema-check.ts';
import type { JsonSchema } from '../pipeline/extract/types.ts';

/** A 400 naming the field, and where inside it the fault is (a JSON Pointer) when it is deep. */
function invalid(field: string, message: string, pointer?: string): never {
  throw new DocjobsError(
    'VALIDATION_ERROR',
    pointer ? `${field} ${pointer}: ${message}` : `${field} ${message}`,
    {
      details: pointer === undefined ? { field } : { field, pointer },
    },
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/** Trimmed text of 1..max characters, or (optional) null for absent or blank. */
function text(
  field: string,
  value: unknown,
  max: number,
  optional: boolean,
  pointer?: string,
): string | null {
  if (value === undefined || value === null) {
    if (optional) return null;
    invalid(field, 'is required', pointer);
  }
  if (typeof value !== 'string') invalid(field, 'must be a string', pointer);
  const trimmed = value.trim();
  if (trimmed.length === 0 && optional) return null;
  if (trimmed.length === 0 || trimmed.length > max) invalid(field, `must be 1 to ${max} characters`, pointer);
  return trimmed;
}

export function checkSchemaSpec(value: unknown): JsonSchema {
  if (value === undefined || value === null) invalid('schema', 'is required');
  // Its size is checkExtractionSchema's to bound (a schema is also sent to the LLM).
  const checked = checkExtractionSchema(value);
  if (!checked.ok) {
    // The message already starts with the pointer.
    throw new DocjobsError('VALIDATION_ERROR', `schema ${checked.message}`, {
      details: { field: 'schema', pointer: checked.pointer },
    });
  }
  return value as JsonSchema;
}

function texts(value: unknown, pointer: string, most: number, length: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > most)
    invalid('categories', `must be a list of at most ${most}`, pointer);
  return value.map((item, i) => text('categories', item, length, false, `${pointer}/${i}`)!);
}

/**
 * 1..100 categories with distinct names. Names are compared without case: two labels that differ
 * only in case read as one to whoever looks at the results. Optional parts left blank are dropped,
 * so an unchanged category compares equal however its blanks were sent.
 */
export function checkCategories(value: unknown): Category[] {
  const { categories: most, nameLength, descriptionLength } = definitionLimits;
  if (!Array.isArray(value) || value.length === 0 || value.length > most) {
    invalid('categories', `must be a list of 1 to ${most} categories`);
  }
  const seen = new Map<string, number>();
  const categories = value.map((raw, i) => {
    if (!isObject(raw)) invalid('categories', 'must be an object', `/${i}`);
    const name = text('categories', raw.name, nameLength, false, `/${i}/name`)!;
    const first = seen.get(name.toLowerCase());
    if (first !== undefined)
      invalid('categories', `the name "${name}" is also category ${first}'s`, `/${i}/name`);
    seen.set(name.toLowerCase(), i);
    const category: Category = { name };
    const description = text('categories', raw.description, descriptionLength, true, `/${i}/description`);
    if (description !== null) category.description = description;
    const keywords = texts(
      raw.keywords,
      `/${i}/keywords`,
      definitionLimits.keywords,
      definitionLimits.keywordLength,
    );
    if (keywords?.length) category.keywords = keywords;
    const examples = texts(
      raw.examples,
      `/${i}/examples`,
      definitionLimits.examples,
      definitionLimits.exampleLength,
    );
    if (examples?.length) category.examples = examples;
    return category;
  });
  if (jsonBytes(categories) > definitionLimits.categoriesBytes) {
    invalid('categories', `must be at most ${definitionLimits.categoriesBytes} bytes as JSON`);
  }
  return categories;
}

/** The fields of a version, normalised (trimmed, blanks to null), or a 400 on the first fault. */
export function checkDefinitionFields(kind: DefinitionKind, fields: DefinitionFields): DefinitionFields {
  const { nameLength, descriptionLength, promptLength, optionsBytes } = definitionLimits;
  const name = text('name', fields.name, nameLength, false)!;
  const description = text('description', fields.description, descriptionLength, true);
  const prompt = text('prompt', fields.prompt, promptLength, true);
  if (!(engineChoices as readonly unknown[]).includes(fields.engine)) {
    invalid('engine', `must be one of ${engineChoices.join(', ')}`);
  }
  if (!isObject(fields.options)) invalid('options', 'must be an object');
  if (jsonBytes(fields.options) > optionsBytes)
    invalid('options', `must be at most ${optionsBytes} bytes as JSON`);
  const spec = kind === 'extractor' ? checkSchemaSpec(fields.spec) : checkCategories(fields.spec);
  return { name, description, prompt, engine: fields.engine, options: fields.options, spec };
}
