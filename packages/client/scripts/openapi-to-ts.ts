/**
 * An OpenAPI 3.1 document as TypeScript types: `components` (the named schemas) and `paths` (per
 * route and method: parameters, the JSON request body, the JSON body of each 2xx response, and the
 * error envelope). Small on purpose: it knows the JSON Schema keywords Fastify's route schemas use
 * (type, enum, const, properties, required, additionalProperties, patternProperties, items,
 * prefixItems, anyOf, oneOf, allOf, $ref, description, nullable); any other shape is `unknown`, never
 * a guess. The output depends only on the document (same document, same text), so drift is a diff.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema | boolean;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  description?: string;
  nullable?: boolean;
  format?: string;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface Operation {
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (identifier.test(name) ? name : JSON.stringify(name));
const pad = (depth: number) => '  '.repeat(depth);

function comment(text: string | undefined, depth: number): string {
  if (!text) return '';
  const safe = text.replaceAll('*/', '*\\/');
  return `${pad(depth)}/** ${safe.split('\n').join(`\n${pad(depth)} * `)} */\n`;
}

/** A literal as TypeScript: JSON is valid TS for strings, numbers, booleans and null. */
const literal = (value: unknown) => JSON.stringify(value);

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 0 ? 'never' : unique.map((p) => (p.includes(' & ') ? `(${p})` : p)).join(' | ');
}

function refName(ref: string): string {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!match) return 'unknown';
  return `components['schemas'][${literal(match[1])}]`;
}

/** The TypeScript type of a schema; `depth` is the indentation of the line it starts on. */
export function schemaType(schema: JsonSchema | boolean | undefined, depth = 0): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return literal(schema.const);
  const nullable = schema.nullable ? ['null'] : [];
  if (schema.enum) return union([...schema.enum.map(literal), ...nullable]);
  if (schema.anyOf || schema.oneOf) {
    const choices = (schema.anyOf ?? schema.oneOf)!.map((s) => schemaType(s, depth));
    return union([...choices, ...nullable]);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => schemaType(s, depth)).filter((t) => t !== 'unknown');
    return parts.length === 0 ? 'unknown' : parts.map((p) => (p.includes(' | ') ? `(${p})` : p)).join(' & ');
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) {
    if (schema.properties || schema.additionalProperties !== undefined || schema.patternProperties) {
      return union([objectType(schema, depth), ...nullable]);
    }
    return 'unknown';
  }
  return union([...types.map((type) => typeOfKind(type, schema, depth)), ...nullable]);
}

function typeOfKind(type: string, schema: JsonSchema, depth: number): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (schema.prefixItems) return `[${schema.prefixItems.map((s) => schemaType(s, depth)).join(', ')}]`;
      const item = schemaType(schema.items, depth);
      return /^[\w'"[\]]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
    }
    case 'object':
      return objectType(schema, depth);
    default:
      return 'unknown';
  }
}

function objectType(schema: JsonSchema, depth: number): string {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const lines = properties.map(
    ([name, property]) =>
      `${comment(property.description, depth + 1)}${pad(depth + 1)}${key(name)}${required.has(name) ? '' : '?'}: ${schemaType(property, depth + 1)};`,
  );
  const extra = extraPropertiesType(schema, depth);
  if (extra !== null) {
    // An index signature must admit every named property's type too.
    const all = union([extra, ...properties.map(([, p]) => schemaType(p, depth + 1)), 'undefined']);
    lines.push(`${pad(depth + 1)}[key: string]: ${all};`);
  }
  if (lines.length === 0) return extra === null ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

/** The type of the properties beyond the named ones, or null when there are none. */
function extraPropertiesType(schema: JsonSchema, depth: number): string | null {
  const patterns = Object.values(schema.patternProperties ?? {}).map((s) => schemaType(s, depth + 1));
  const additional = schema.additionalProperties;
  if (additional === false) return patterns.length ? union(patterns) : null;
  if (additional === undefined) {
    // Open by JSON Schema's rule; named properties only is what a reader wants, unless there are none.
    if (patterns.length) return union(patterns);
    return schema.properties ? null : 'unknown';
  }
  return union([schemaType(additional, depth + 1), ...patterns]);
}

function parametersType(parameters: Parameter[], where: Parameter['in'], depth: number): string {
  const own = parameters.filter((p) => p.in === where);
  if (own.length === 0) return 'never';
  const lines = own.map(
    (p) =>
      `${comment(p.description, depth + 1)}${pad(depth + 1)}${key(p.name)}${p.required ? '' : '?'}: ${schemaType(p.schema, depth + 1)};`,
  );
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

function jsonSchemaOf(content: Record<string, { schema?: JsonSchema }> | undefined): JsonSchema | undefined {
  const entry = Object.entries(content ?? {}).find(([type]) => type.startsWith('application/json'));
  return entry?.[1].schema;
}

function operationType(operation: Operation, depth: number): string {
  const parameters = operation.parameters ?? [];
  const inner = depth + 1;
  const lines = [
    `${pad(inner)}path: ${parametersType(parameters, 'path', inner)};`,
    `${pad(inner)}query: ${parametersType(parameters, 'query', inner)};`,
    `${pad(inner)}headers: ${parametersType(parameters, 'header', inner)};`,
  ];
  const body = jsonSchemaOf(operation.requestBody?.content);
  lines.push(`${pad(inner)}body: ${body ? schemaType(body, inner) : 'never'};`);
  const responses = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
  const responseLines = responses.map(([status, response]) => {
    const json = jsonSchemaOf(response.content);
    const type = json ? schemaType(json, inner + 1) : 'unknown';
    return `${comment(response.description, inner + 1)}${pad(inner + 1)}${status}: ${type};`;
  });
  lines.push(
    `${pad(inner)}responses: ${responseLines.length ? `{\n${responseLines.join('\n')}\n${pad(inner)}}` : 'Record<string, never>'};`,
  );
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

/** The first error envelope a route documents (every route shares one). */
function errorEnvelope(document: OpenApiDocument): JsonSchema | undefined {
  for (const path of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(path)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = jsonSchemaOf(response.content);
        if (/^4\d\d$/.test(status) && json) return json;
      }
    }
  }
  return undefined;
}

/** The generated module's text. */
export function typesFromOpenApi(document: OpenApiDocument): string {
  const out: string[] = [
    "// Generated by scripts/generate-client-types.ts from the server's /openapi.json: do not edit.",
    '// Run `node scripts/generate-client-types.ts` after changing a route schema.',
    '',
    `/** The API version these types describe. */`,
    `export const apiVersion = ${literal(document.info?.version ?? '')};`,
    '',
    'export interface components {',
    '  schemas: {',
  ];
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    out.push(`${comment(schema.description, 2)}    ${key(name)}: ${schemaType(schema, 2)};`);
  }
  out.push('  };', '}', '', 'export interface paths {');
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const operations = methods.filter((m) => item[m]);
    if (operations.length === 0) continue;
    out.push(`  ${literal(path)}: {`);
    for (const method of operations) {
      const operation = item[method]!;
      out.push(`${comment(operation.summary, 2)}    ${method}: ${operationType(operation, 2)};`);
    }
    out.push('  };');
  }
  out.push('}', '', '/** The body of every error answer. */');
  out.push(`export type ErrorEnvelope = ${schemaType(errorEnvelope(document), 0)};`, '');
  return out.join('\n');
}
