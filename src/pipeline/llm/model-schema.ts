/**
 * From the user's schema (already through checkExtractionSchema) to what the model is asked to fill.
 *
 * - The answer schema: the user's, with every property allowed to be null, since the model is told
 *   to leave what the document does not say null rather than guess. Answers are validated against it.
 * - The model schema: the answer schema in the shape OpenAI's strict structured output demands
 *   (every property listed in `required`, `additionalProperties: false`), without the keywords it
 *   and llama.cpp's grammar converter refuse; the validation afterwards still applies them.
 */
import type { JsonSchema } from '../extract/types.ts';

type Node = Record<string, unknown>;

/** Dropped from the model schema: annotations it does not need, constraints OpenAI's strict mode refuses. */
const notForModels = new Set([
  '$schema',
  '$comment',
  'default',
  'examples',
  'minLength',
  'maxLength',
  'x-field-name',
]);

export function answerSchemaOf(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node, role) => (role === 'property' ? nullable(node) : node));
}

export function modelSchemaOf(answerSchema: JsonSchema): { schema: JsonSchema; strict: boolean } {
  let strict = true;
  const schema = mapSchema(answerSchema, (node) => {
    const copy = Object.fromEntries(Object.entries(node).filter(([keyword]) => !notForModels.has(keyword)));
    if (copy.format === 'uri') delete copy.format;
    // OpenAI's strict mode wants a type on every schema, an enum's too.
    if (Array.isArray(copy.enum) && copy.type === undefined)
      copy.type = [...new Set(copy.enum.map(jsonType))];
    if (!isObjectType(copy)) return copy;
    const properties = copy.properties as Node | undefined;
    // A free-form object (a map of names to values) cannot be said in strict mode.
    if (!properties || (copy.additionalProperties !== undefined && copy.additionalProperties !== false)) {
      strict = false;
      return copy;
    }
    return { ...copy, required: Object.keys(properties), additionalProperties: false };
  });
  return { schema, strict };
}

/**
 * Sets to null each property the model left out, through nested objects and arrays of objects,
 * so an answer in JSON mode that skips unknown fields reads the same as one that nulls them.
 */
export function fillMissing(value: unknown, schema: Node, root: Node = schema): unknown {
  const node = resolve(schema, root);
  if (Array.isArray(value) && isNode(node.items)) {
    return value.map((item) => fillMissing(item, node.items as Node, root));
  }
  if (!isNode(value) || !isNode(node.properties)) {
    const alternatives = Array.isArray(node.anyOf) ? (node.anyOf as Node[]) : [];
    const objectSchema = alternatives.find((option) => isObjectType(resolve(option, root)));
    return objectSchema && isNode(value) ? fillMissing(value, objectSchema, root) : value;
  }
  const filled: Record<string, unknown> = { ...value };
  for (const [name, property] of Object.entries(node.properties as Record<string, Node>)) {
    filled[name] = name in value ? fillMissing(value[name], property, root) : null;
  }
  return filled;
}

type Role = 'root' | 'property' | 'other';

/** Rebuilds the schema bottom-up, calling `change` on every subschema (the $defs ones included). */
function mapSchema(schema: Node, change: (node: Node, role: Role) => Node): Node {
  const visit = (node: Node, role: Role): Node => {
    const copy: Node = { ...node };
    if (isNode(node.properties)) {
      copy.properties = Object.fromEntries(
        Object.entries(node.properties as Record<string, Node>).map(([name, sub]) => [
          name,
          visit(sub, 'property'),
        ]),
      );
    }
    if (isNode(node.items)) copy.items = visit(node.items, 'other');
    if (isNode(node.additionalProperties))
      copy.additionalProperties = visit(node.additionalProperties, 'other');
    if (Array.isArray(node.anyOf))
      copy.anyOf = (node.anyOf as Node[]).map((option) => visit(option, 'other'));
    if (isNode(node.$defs)) {
      copy.$defs = Object.fromEntries(
        Object.entries(node.$defs as Record<string, Node>).map(([name, sub]) => [name, visit(sub, 'other')]),
      );
    }
    return change(copy, role);
  };
  return visit(schema, 'root');
}

function nullable(node: Node): Node {
  if ('$ref' in node) {
    // A $ref cannot take a type of its own: offer it or null.
    const { description, title, ...rest } = node;
    const annotations = Object.fromEntries(
      Object.entries({ description, title }).filter(([, v]) => v !== undefined),
    );
    return { ...annotations, anyOf: [rest, { type: 'null' }] };
  }
  const copy: Node = { ...node };
  if ('const' in copy) {
    copy.enum = [copy.const];
    delete copy.const;
  }
  if (Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null];
  if (copy.type !== undefined) {
    const types = ([] as unknown[]).concat(copy.type);
    copy.type = types.includes('null') ? types : [...types, 'null'];
  }
  return copy;
}

function resolve(node: Node, root: Node): Node {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#')) return node;
  let target: unknown = root;
  for (const segment of decodeURIComponent(ref.slice(1)).split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    target = isNode(target) ? target[key] : undefined;
  }
  return isNode(target) ? resolve(target, root) : node;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isObjectType(node: Node): boolean {
  return ([] as unknown[]).concat(node.type).includes('object');
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
