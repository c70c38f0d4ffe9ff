import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

const require = createRequire(import.meta.url);

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
/** What Fastify hands a compiler: a route's schema and which part of the request or reply it checks. */
type RouteSchema = { schema: unknown; httpPart?: string };
type BuildValidator = (externalSchemas: unknown, ajvOptions: unknown) => (route: RouteSchema) => Validate;
type Serialize = (data: unknown) => string;
type BuildSerializer = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => Serialize;
type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/**
 * Fastify's own compilers (Ajv for what a request carries, fast-json-stringify for what a reply
 * sends), each route schema compiled on the first request that needs it instead of at start.
 *
 * At start Fastify compiled all ~60 routes' schemas: ~0.24 s of a restart on a quiet machine
 * (Ajv ~0.17 s, fast-json-stringify ~0.07 s) and the generated code's memory, for routes most
 * processes never see. Ajv and fast-json-stringify themselves load with the first schema too.
 * The first request to a route pays its compilation once (a few ms); a schema that cannot compile
 * fails that request with a 500 rather than the start, so `compileAll()` (test/start-order.test.ts)
 * compiles every one that was registered.
 */
export function lazyCompilers(): { compilersFactory: Factories; compileAll(): void } {
  const pending = new Set<() => unknown>();
  const buildValidator: BuildValidator = (externalSchemas, ajvOptions) => {
    let build: ReturnType<BuildValidator> | null = null;
    return (route) => {
      const compile = () => {
        build ??= require('@fastify/ajv-compiler')()(
          externalSchemas,
          ajvOptions,
        ) as ReturnType<BuildValidator>;
        return build(headerNamesLowerCased(route)) as Validate;
      };
      return lazyValidator(compile, pending);
    };
  };
  const buildSerializer: BuildSerializer = (externalSchemas, serializerOptions) => {
    let build: ReturnType<BuildSerializer> | null = null;
    return (route) => {
      let serialize: Serialize | null = null;
      const compile = () => {
        if (serialize) return serialize;
        build ??= require('@fastify/fast-json-stringify-compiler').SerializerSelector()(
          externalSchemas,
          serializerOptions,
        ) as ReturnType<BuildSerializer>;
        serialize = build(route);
        pending.delete(compile);
        return serialize;
      };
      pending.add(compile);
      return (data: unknown) => (serialize ?? compile())(data);
    };
  };
  return {
    // Fastify's declared types are Ajv's and fast-json-stringify's, which this module loads lazily.
    compilersFactory: { buildValidator, buildSerializer } as unknown as Factories,
    compileAll() {
      for (const compile of [...pending]) compile();
    },
  };
}

/**
 * A stand-in for Ajv's function until the first call. Fastify reads `.errors` after a call that
 * returned false, and passes a root value's parent when the function has `schemaEnv` (Ajv's own
 * mark): this one always asks for it and hands it on only to a function that wants it. An async
 * schema's promise goes back as it came.
 */
function lazyValidator(compile: () => Validate, pending: Set<() => unknown>): Validate {
  let validate: Validate | null = null;
  const load = () => {
    if (!validate) {
      validate = compile();
      pending.delete(load);
    }
    return validate;
  };
  pending.add(load);
  const lazy: Validate = (data, context) => {
    const real = load();
    const result = real.schemaEnv && context !== undefined ? real(data, context) : real(data);
    lazy.errors = real.errors;
    return result;
  };
  lazy.schemaEnv = true;
  return lazy;
}

/**
 * A custom compiler gets the headers schema as written; Fastify's own lower-cases its property
 * names first (Node gives header names in lower case), so this does too.
 */
function headerNamesLowerCased(route: RouteSchema): RouteSchema {
  const schema = route.schema as { properties?: Record<string, unknown>; required?: string[] } | null;
  if (route.httpPart !== 'headers' || !schema || typeof schema !== 'object' || !schema.properties)
    return route;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const required = schema.required?.map((name) => name.toLowerCase());
  return { ...route, schema: { ...schema, properties, ...(required ? { required } : {}) } };
}
