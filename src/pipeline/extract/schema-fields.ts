/**
 * A JSON Schema as the tree of fields the engine fills: objects, arrays and scalars with the
 * words that describe them (name, title, description, enum). `$ref`s to the schema's own
 * `$defs` are followed; anything the engine cannot read is a string field, never an error.
 */
import { nameWords } from './fold.ts';
import type { JsonSchema } from './types.ts';

export type ScalarType = 'string' | 'number' | 'integer' | 'boolean';

interface FieldBase {
  /** The property name ('' for array items and the root). */
  name: string;
  title: string;
  description: string;
  /** The schema also allows null. */
  nullable: boolean;
  /** Name words of the enclosing objects and arrays, outermost first (vendor → name). */
  context: string[];
}

export interface ScalarField extends FieldBase {
  kind: 'scalar';
  type: ScalarType;
  format: string | null;
  enum: unknown[] | null;
  hasConst: boolean;
  constValue: unknown;
}

export interface ObjectField extends FieldBase {
  kind: 'object';
  properties: FieldNode[];
}

export interface ArrayField extends FieldBase {
  kind: 'array';
  items: FieldNode;
}

export type FieldNode = ScalarField | ObjectField | ArrayField;

const maxDepth = 12;

export function schemaFields(root: JsonSchema): ObjectField {
  const node = walk(root, root, '', [], 0);
  if (node.kind === 'object') return node;
  return { ...node, kind: 'object', properties: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

function resolve(root: JsonSchema, schema: Record<string, unknown>, depth: number): Record<string, unknown> {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < maxDepth; hops++) {
    const ref = current.$ref as string;
    let target: unknown = root;
    for (const segment of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
      const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
      target = isObject(target) ? target[key] : undefined;
    }
    if (!isObject(target) || depth + hops >= maxDepth) break;
    // Sibling keywords (a description next to the $ref) describe this use of the definition.
    const { $ref: _, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return current;
}

function walk(root: JsonSchema, raw: unknown, name: string, context: string[], depth: number): FieldNode {
  const schema = resolve(root, isObject(raw) ? raw : {}, depth);
  const types = ([] as unknown[]).concat(schema.type ?? []).filter((t): t is string => typeof t === 'string');
  const enumValues = Array.isArray(schema.enum) ? schema.enum : null;
  const base: FieldBase = {
    name,
    title: text(schema.title),
    description: text(schema.description),
    nullable: types.includes('null') || (enumValues?.includes(null) ?? false),
    context,
  };
  const main = types.find((t) => t !== 'null') ?? inferredType(schema, enumValues);
  const inner = [...context, ...nameWords(name)];
  if (main === 'object' && depth < maxDepth) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    return {
      ...base,
      kind: 'object',
      properties: Object.entries(properties).map(([key, sub]) => walk(root, sub, key, inner, depth + 1)),
    };
  }
  if (main === 'array' && depth < maxDepth) {
    return { ...base, kind: 'array', items: walk(root, schema.items, '', inner, depth + 1) };
  }
  const scalar: ScalarType = main === 'number' || main === 'integer' || main === 'boolean' ? main : 'string';
  return {
    ...base,
    kind: 'scalar',
    type: scalar,
    format: typeof schema.format === 'string' ? schema.format : null,
    enum: enumValues?.filter((v) => v !== null) ?? null,
    hasConst: 'const' in schema,
    constValue: schema.const,
  };
}

function inferredType(schema: Record<string, unknown>, enumValues: unknown[] | null): string {
  const sample = 'const' in schema ? schema.const : enumValues?.find((v) => v !== null);
  if (typeof sample === 'number') return Number.isInteger(sample) ? 'integer' : 'number';
  if (typeof sample === 'boolean') return 'boolean';
  if (isObject(schema.properties)) return 'object';
  if ('items' in schema) return 'array';
  return 'string';
}
