/**
 * A first check of a JSON Schema typed in the editor, as the user types: the JSON itself, then the
 * shape of the keywords an extraction uses (type, properties, items, required, enum, the
 * combinators). The server checks the schema fully (draft 2020-12) and answers a 400 with the JSON
 * pointer of what it refuses; this catches the common slips before a file is sent, without
 * bundling a validator (Ajv is ~120 kB minified, more than the rest of the console).
 */
export type SchemaCheck =
  | { ok: true; schema: Record<string, unknown>; fields: number }
  | { ok: false; problem: string };

const typeNames = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const schemaMaps = ['properties', '$defs', 'definitions', 'patternProperties'] as const;
const schemaLists = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const singleSchemas = ['items', 'additionalProperties', 'not', 'contains'] as const;

export function checkSchemaText(text: string): SchemaCheck {
  if (!text.trim()) return { ok: false, problem: 'The schema is empty: type a JSON Schema object.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(parsed)) return { ok: false, problem: 'A schema is a JSON object, like {"type": "object"}.' };
  const problem = checkSchema(parsed, '');
  if (problem) return { ok: false, problem };
  const properties = parsed.properties;
  return { ok: true, schema: parsed, fields: isObject(properties) ? Object.keys(properties).length : 0 };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON pointer segment (RFC 6901), as the server names a place in the schema. */
const segment = (key: string | number) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** The first problem found at or under `at`, or null. */
function checkSchema(schema: unknown, at: string): string | null {
  if (typeof schema === 'boolean') return null;
  if (!isObject(schema)) return `${at || '/'}: a schema must be an object (or true/false).`;
  const type = schema.type;
  if (type !== undefined) {
    const names = Array.isArray(type) ? type : [type];
    const wrong = names.find((name) => typeof name !== 'string' || !typeNames.has(name));
    if (wrong !== undefined || names.length === 0)
      return `${at}/type: ${JSON.stringify(wrong ?? type)} is not a JSON Schema type (${[...typeNames].join(', ')}).`;
  }
  const required = schema.required;
  if (required !== undefined && (!Array.isArray(required) || required.some((r) => typeof r !== 'string')))
    return `${at}/required: a list of property names, like ["total"].`;
  if (schema.enum !== undefined && !Array.isArray(schema.enum))
    return `${at}/enum: a list of the allowed values.`;
  for (const keyword of schemaMaps) {
    const map = schema[keyword];
    if (map === undefined) continue;
    if (!isObject(map)) return `${at}/${keyword}: an object of schemas, one per name.`;
    for (const [name, child] of Object.entries(map)) {
      const problem = checkSchema(child, `${at}/${keyword}${segment(name)}`);
      if (problem) return problem;
    }
  }
  for (const keyword of schemaLists) {
    const list = schema[keyword];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) return `${at}/${keyword}: a non-empty list of schemas.`;
    for (const [index, child] of list.entries()) {
      const problem = checkSchema(child, `${at}/${keyword}${segment(index)}`);
      if (problem) return problem;
    }
  }
  for (const keyword of singleSchemas) {
    if (schema[keyword] === undefined) continue;
    const problem = checkSchema(schema[keyword], `${at}/${keyword}`);
    if (problem) return problem;
  }
  return null;
}
