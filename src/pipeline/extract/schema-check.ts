/**
 * The JSON Schema an `extract` job fills: checked at submit (400 with a JSON pointer into the schema)
 * and compiled once into a validator for the engines' answers.
 *
 * Only a subset of draft 2020-12 is accepted: the one both engines can fill and that OpenAI's,
 * vLLM's and llama.cpp's structured output accept. Anything else is refused up front rather than
 * silently ignored at run time.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { permanent } from '../../core/errors.ts';
import { TimeBoxExceeded, withinMs } from './time-box.ts';
import type { JsonSchema } from './types.ts';

export type SchemaCheck = { ok: true } | { ok: false; pointer: string; message: string };
export interface DataError {
  /** JSON pointer into the data, e.g. `/lines/0/amount`; empty for the root. */
  pointer: string;
  message: string;
}
export type DataValidator = (data: unknown) => { valid: boolean; errors: DataError[] };

// Schema bombs: a submit must stay cheap to check, and the prompt built from it must stay small.
const maxSchemaBytes = 64 * 1024;
const maxDepth = 10;
const maxProperties = 500;
// Compiling a small schema takes ~0.7 ms, a cache hit ~2 µs; saved extractors resend the same schema.
const cacheSize = 200;

const typeNames = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
const formats = ['date', 'date-time', 'email', 'uri'];
const draft2020 = 'https://json-schema.org/draft/2020-12/schema';
const anyTypeKeywords = [
  'type',
  'enum',
  'const',
  '$ref',
  'title',
  'description',
  'default',
  'examples',
  '$comment',
  // An annotation of the schema job's form schemas (pipeline/schema/form-schema.ts): the AcroForm
  // field a property fills. Engines ignore it.
  'x-field-name',
];
const keywordsOfType: Record<string, string[]> = {
  object: ['properties', 'required', 'additionalProperties'],
  array: ['items', 'minItems', 'maxItems'],
  string: ['format', 'pattern', 'minLength', 'maxLength'],
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  boolean: [],
  null: [],
};

// allowUnionTypes: ["string", "null"] is how a schema says a field may be missing.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, logger: false });
addFormatsModule.default(ajv, formats as ('date' | 'date-time' | 'email' | 'uri')[]);
ajv.addKeyword({ keyword: 'x-field-name', schemaType: 'string' });

class SchemaFault extends Error {
  readonly pointer: string;
  constructor(pointer: string, message: string) {
    super(message);
    this.pointer = pointer;
  }
}

/** `ok: false` carries the pointer and a message that already starts with it, ready for a 400. */
export function checkExtractionSchema(schema: unknown): SchemaCheck {
  try {
    if (!isObject(schema)) throw new SchemaFault('', 'the schema must be a JSON object');
    let serialised: string;
    try {
      serialised = JSON.stringify(schema);
    } catch {
      throw new SchemaFault('', 'the schema must be plain JSON');
    }
    const bytes = Buffer.byteLength(serialised);
    if (bytes > maxSchemaBytes) {
      throw new SchemaFault('', `the schema is ${bytes} bytes; at most ${maxSchemaBytes} are accepted`);
    }
    new SubsetWalk(schema).run();
    if (!ajv.validateSchema(schema)) {
      const error = ajv.errors?.[0];
      throw new SchemaFault(error?.instancePath ?? '', error?.message ?? 'is not a valid JSON Schema');
    }
    compiled(serialised);
    return { ok: true };
  } catch (error) {
    if (error instanceof SchemaFault) {
      return { ok: false, pointer: error.pointer, message: `${error.pointer || '(root)'}: ${error.message}` };
    }
    // Left for ajv's compiler: a pattern that is not a valid regular expression, and the like.
    return { ok: false, pointer: '', message: `(root): ${(error as Error).message}` };
  }
}

/**
 * How long checking one answer may take. Real schemas take well under a millisecond; only a
 * `pattern` that backtracks catastrophically gets near this, and it would otherwise never end.
 */
export const validationBudgetMs = 500;

/** A validator for a schema that passed checkExtractionSchema; compiled once per distinct schema. */
export function validatorFor(schema: JsonSchema): DataValidator {
  const validate = compiled(JSON.stringify(schema));
  return (data) => {
    let valid: boolean;
    try {
      valid = withinMs(validationBudgetMs, () => validate(data) as boolean);
    } catch (error) {
      if (!(error instanceof TimeBoxExceeded)) throw error;
      throw permanent(
        'EXTRACTION_ERROR',
        `checking the data against the schema took over ${validationBudgetMs} ms: a "pattern" backtracks catastrophically (nested quantifiers such as (a+)+ or (a|a)*); simplify it`,
      );
    }
    if (valid) return { valid: true, errors: [] };
    return { valid: false, errors: (validate.errors ?? []).map(describe) };
  };
}

const cache = new Map<string, ReturnType<typeof ajv.compile>>();

function compiled(serialised: string): ReturnType<typeof ajv.compile> {
  const hit = cache.get(serialised);
  if (hit) {
    // Map keeps insertion order: re-inserting makes this the most recently used.
    cache.delete(serialised);
    cache.set(serialised, hit);
    return hit;
  }
  const own = JSON.parse(serialised) as JsonSchema;
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(own);
  } catch (error) {
    ajv.removeSchema(own);
    throw error;
  }
  cache.set(serialised, validate);
  if (cache.size > cacheSize) {
    const [oldest, evicted] = cache.entries().next().value!;
    cache.delete(oldest);
    // ajv keeps every compiled schema object in its own Map: drop it too or it grows forever.
    ajv.removeSchema(evicted.schema as JsonSchema);
  }
  return validate;
}

function describe(error: ErrorObject): DataError {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum') message = `must be one of ${JSON.stringify(params.allowedValues)}`;
  if (error.keyword === 'const') message = `must be ${JSON.stringify(params.allowedValue)}`;
  if (error.keyword === 'additionalProperties') {
    message = `must not have the property "${String(params.additionalProperty)}"`;
  }
  return { pointer: error.instancePath, message };
}

/** Walks the schema as the data will nest, following local $refs, and refuses what is outside the subset. */
class SubsetWalk {
  readonly root: Record<string, unknown>;
  properties = 0;
  readonly refsInProgress: string[] = [];
  readonly refsReached = new Set<string>();

  constructor(root: Record<string, unknown>) {
    this.root = root;
  }

  run(): void {
    const { root } = this;
    if ('$schema' in root && root.$schema !== draft2020) {
      throw new SchemaFault('/$schema', `only JSON Schema draft 2020-12 ("${draft2020}") is supported`);
    }
    if (root.type !== 'object') throw new SchemaFault('/type', 'the root must be {"type": "object"}');
    this.within('', () => this.node(root, '', 0));
    // Definitions nothing refers to are still checked, so an unused one does not hide a mistake.
    for (const [name, definition] of Object.entries(this.defs())) {
      const pointer = `/$defs/${pointerSegment(name)}`;
      if (!this.refsReached.has(pointer)) this.within(pointer, () => this.node(definition, pointer, 1));
    }
  }

  defs(): Record<string, unknown> {
    const defs = this.root.$defs;
    if (defs === undefined) return {};
    if (!isObject(defs)) throw new SchemaFault('/$defs', 'must be an object');
    return defs;
  }

  node(schema: unknown, pointer: string, depth: number): void {
    if (!isObject(schema)) throw new SchemaFault(pointer, 'must be a schema object');
    if (depth > maxDepth) throw new SchemaFault(pointer, `nests deeper than ${maxDepth} levels`);
    const types = this.types(schema, pointer);
    const allowed = new Set([...anyTypeKeywords, ...types.flatMap((type) => keywordsOfType[type] ?? [])]);
    if (pointer === '') allowed.add('$schema').add('$defs');
    for (const keyword of Object.keys(schema)) {
      if (allowed.has(keyword)) continue;
      const at = `${pointer}/${pointerSegment(keyword)}`;
      if (keyword === '$defs') throw new SchemaFault(at, '$defs is only supported at the root');
      const owner = Object.keys(keywordsOfType).find((type) => keywordsOfType[type]!.includes(keyword));
      if (owner) {
        const needs = owner === 'number' ? 'number or integer' : owner;
        throw new SchemaFault(at, `"${keyword}" applies only to "type": "${needs}"`);
      }
      throw new SchemaFault(at, `the keyword "${keyword}" is not supported`);
    }
    if (types.length === 0 && !('enum' in schema) && !('const' in schema) && !('$ref' in schema)) {
      throw new SchemaFault(pointer, 'must have a "type" (or "enum", "const", "$ref")');
    }
    if ('format' in schema && !formats.includes(schema.format as string)) {
      throw new SchemaFault(`${pointer}/format`, `unsupported format; use one of ${formats.join(', ')}`);
    }
    if ('pattern' in schema) checkPattern(schema.pattern, `${pointer}/pattern`);
    if ('$ref' in schema) this.ref(schema.$ref, `${pointer}/$ref`, depth);
    if (types.includes('object')) this.object(schema, pointer, depth);
    if (types.includes('array')) this.array(schema, pointer, depth);
  }

  types(schema: Record<string, unknown>, pointer: string): string[] {
    const { type } = schema;
    if (type === undefined) return [];
    const list = Array.isArray(type) ? type : [type];
    const at = `${pointer}/type`;
    if (list.some((name) => !typeNames.includes(name as string))) {
      throw new SchemaFault(at, `must be one of ${typeNames.join(', ')}`);
    }
    if (list.filter((name) => name !== 'null').length > 1) {
      throw new SchemaFault(at, 'a list of types may only add "null" to one type, e.g. ["string", "null"]');
    }
    return list as string[];
  }

  object(schema: Record<string, unknown>, pointer: string, depth: number): void {
    const properties = schema.properties ?? {};
    if (!isObject(properties)) throw new SchemaFault(`${pointer}/properties`, 'must be an object');
    for (const [name, property] of Object.entries(properties)) {
      this.properties += 1;
      if (this.properties > maxProperties) {
        throw new SchemaFault(`${pointer}/properties`, `more than ${maxProperties} properties in all`);
      }
      this.node(property, `${pointer}/properties/${pointerSegment(name)}`, depth + 1);
    }
    const required = schema.required ?? [];
    if (!Array.isArray(required)) throw new SchemaFault(`${pointer}/required`, 'must be an array');
    required.forEach((name, index) => {
      if (typeof name !== 'string' || !Object.hasOwn(properties, name)) {
        throw new SchemaFault(
          `${pointer}/required/${index}`,
          `${JSON.stringify(name)} is not in "properties"`,
        );
      }
    });
    const extra = schema.additionalProperties;
    if (extra !== undefined && typeof extra !== 'boolean') {
      this.node(extra, `${pointer}/additionalProperties`, depth + 1);
    }
  }

  array(schema: Record<string, unknown>, pointer: string, depth: number): void {
    const at = `${pointer}/items`;
    if (!('items' in schema)) throw new SchemaFault(pointer, 'an array must say what its "items" are');
    if (isObject(schema.items) && ([] as unknown[]).concat(schema.items.type).includes('array')) {
      throw new SchemaFault(`${at}/type`, 'arrays of arrays are not supported; make the items objects');
    }
    this.node(schema.items, at, depth + 1);
  }

  ref(ref: unknown, at: string, depth: number): void {
    if (typeof ref !== 'string' || !ref.startsWith('#')) {
      throw new SchemaFault(at, 'only references inside the schema (e.g. "#/$defs/address") are allowed');
    }
    if (ref !== '#' && !ref.startsWith('#/')) {
      throw new SchemaFault(at, 'use a JSON-pointer reference such as "#/$defs/address"');
    }
    const target = decodeURIComponent(ref.slice(1));
    if (this.refsInProgress.includes(target))
      throw new SchemaFault(at, 'recursive references are not supported');
    let resolved: unknown = this.root;
    for (const segment of target.split('/').slice(1)) {
      const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
      resolved = isObject(resolved) && Object.hasOwn(resolved, key) ? resolved[key] : undefined;
    }
    if (resolved === undefined)
      throw new SchemaFault(at, `"${ref}" does not point at anything in the schema`);
    this.refsReached.add(target);
    this.within(target, () => this.node(resolved, target, depth));
  }

  /** Walks `pointer`'s schema with it marked as in progress, so a $ref back to it is seen as recursion. */
  within(pointer: string, walk: () => void): void {
    this.refsInProgress.push(pointer);
    walk();
    this.refsInProgress.pop();
  }
}

function checkPattern(pattern: unknown, at: string): void {
  if (typeof pattern !== 'string') throw new SchemaFault(at, 'must be a string');
  try {
    // The flag ajv compiles patterns with.
    new RegExp(pattern, 'u');
  } catch {
    throw new SchemaFault(at, 'is not a valid regular expression');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
