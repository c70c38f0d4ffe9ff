/**
 * Named schemas for /openapi.json's `components.schemas`, and the `$ref`s to them.
 *
 * Route schemas stay what Fastify validates and serialises with (Ajv, fast-json-stringify): a
 * schema is named by registering the very object a route uses, and only the document sees the
 * `$ref` (docRoute below, run by api-docs.ts's transform). What the document may say that Fastify
 * must not act on (`required`: fast-json-stringify throws on a missing one; a closed
 * `additionalProperties` on a body Ajv checks) is given apart, as `docOnly`.
 *
 * Two ways to document more than Fastify checks, without changing a byte of what it answers:
 * - `shownAs(schema, doc)`: the document shows `doc` where a route has `schema` (the submit body:
 *   Fastify checks the loose form, the document shows one body per job type);
 * - `documented(response, content)`: a response that has no serialising schema (a result sent as
 *   the stored JSON text, a stream) is documented with these media types and schemas.
 */

type Schema = Record<string, unknown>;

// Weak: a route built per app (tests build many) names a fresh object each time; the last is kept.
const names = new WeakMap<object, string>();
/** `{...named, description}` (a response given its own description) is still the named schema. */
const namesByProperties = new WeakMap<object, string>();
const docs = new Map<string, { schema: Schema; docOnly: Schema }>();
const shown = new WeakMap<object, object>();
const responses = new WeakMap<object, Record<string, object>>();

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Names `schema` (the same object is returned): the document shows it once, with `docOnly` added. */
export function component<T extends object>(name: string, schema: T, docOnly: Schema = {}): T {
  names.set(schema, name);
  const properties = (schema as Schema).properties;
  if (properties && typeof properties === 'object') namesByProperties.set(properties, name);
  docs.set(name, { schema: schema as Schema, docOnly });
  return schema;
}

/**
 * A named response schema whose fields are always all there (but `optional`) and no other: said in
 * the document only (fast-json-stringify would throw on a missing `required` one).
 */
export function closedComponent<T extends { properties: object }>(
  name: string,
  schema: T,
  optional: readonly string[] = [],
  docOnly: Schema = {},
): T {
  const required = Object.keys(schema.properties).filter((key) => !optional.includes(key));
  return component(name, schema, { required, additionalProperties: false, ...docOnly });
}

/** The document shows `doc` (a named schema, or anything naming them) where a route has `schema`. */
export function shownAs<T extends object>(schema: T, doc: object): T {
  shown.set(schema, doc);
  return schema;
}

/** A response Fastify sends without a serialising schema, documented as `content` (media type → schema). */
export function documented<T extends { description: string }>(
  response: T,
  content: Record<string, object>,
): T {
  responses.set(response, content);
  return response;
}

/** A PDF download (a job's output, a split part): bytes sent as they are, documented as binary. */
export function pdfDownload(): { description: string } {
  return documented(
    { description: 'application/pdf' },
    { 'application/pdf': { type: 'string', format: 'binary' } },
  );
}

/** Every named schema, its named parts as `$ref`s. */
export function componentSchemas(): Record<string, Schema> {
  return Object.fromEntries(
    [...docs].map(([name, { schema, docOnly }]) => [name, { ...refsWithin(schema), ...refsWithin(docOnly) }]),
  );
}

/** A route's schema as the document shows it: named bodies and responses (and their parts) as `$ref`s. */
export function docRoute(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (schema.body) out.body = docBody(schema.body as Schema);
  if (schema.response) {
    out.response = Object.fromEntries(
      Object.entries(schema.response as Record<string, Schema>).map(([status, response]) => [
        status,
        docResponse(response, schema.summary as string | undefined),
      ]),
    );
  }
  return out;
}

function docBody(body: Schema): Schema {
  if (!body.content) return refsIn(body);
  const content = body.content as Record<string, { schema: Schema }>;
  return {
    ...body,
    content: Object.fromEntries(
      Object.entries(content).map(([type, media]) => [type, { ...media, schema: refsIn(media.schema) }]),
    ),
  };
}

function docResponse(response: Schema, summary = 'Default Response'): Schema {
  const description = (response.description as string | undefined) ?? 'Default Response';
  const content = responses.get(response);
  if (content) {
    return {
      description,
      content: Object.fromEntries(
        Object.entries(content).map(([type, schema]) => [type, { schema: refsIn(schema) }]),
      ),
    };
  }
  if (response.type === 'null' || response.content) return response;
  const { description: _, ...rest } = response;
  const name = names.get(response) ?? copyOf(rest);
  if (name) {
    const said = response.description ? description : (describe(name) ?? summary);
    return { description: said, content: { 'application/json': { schema: ref(name) } } };
  }
  if (Object.keys(rest).length === 0) return response;
  return { description, content: { 'application/json': { schema: refsWithin(rest) } } };
}

/** A named schema's own description, for a response that has none. */
function describe(name: string): string | undefined {
  const known = docs.get(name);
  return (known?.docOnly.description ?? known?.schema.description) as string | undefined;
}

/** The name of the schema `schema` was spread from (its very `properties`), if it adds nothing. */
function copyOf(schema: Schema): string | undefined {
  const own = Object.keys(schema).filter((key) => key !== 'type' && key !== 'properties' && key !== '$id');
  const properties = schema.properties;
  if (own.length > 0 || !properties || typeof properties !== 'object') return undefined;
  return namesByProperties.get(properties);
}

/** `value` with every named schema in it, itself included, as a `$ref`. */
function refsIn(value: unknown): Schema {
  return walk(value, true) as Schema;
}

/** `value` with every named schema below it as a `$ref` (itself written out). */
function refsWithin(value: unknown): Schema {
  return walk(value, false) as Schema;
}

function walk(value: unknown, self: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, true));
  if (!value || typeof value !== 'object') return value;
  const doc = shown.get(value);
  if (doc) return walk(doc, true);
  const name = names.get(value);
  if (self && name) return ref(name);
  const out: Schema = {};
  for (const [key, item] of Object.entries(value)) {
    // `$id` names a schema for Fastify's own resolver; the document names it by its component.
    if (key === '$id') continue;
    out[key] = walk(item, true);
  }
  return out;
}
