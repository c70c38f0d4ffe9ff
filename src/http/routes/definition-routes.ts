import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type DefinitionKind,
  definitionKinds,
  publicDefinition,
  publicVersion,
} from '../../core/definition.ts';
import type { Context } from '../../services/context.ts';
import {
  changeDefinition,
  createDefinition,
  type DefinitionRequest,
  findDefinition,
  listDefinitionVersions,
  listOrgDefinitions,
  removeDefinition,
} from '../../services/definitions.ts';
import { type PagingQuery, pagingProperties, readPageRequest } from '../paging.ts';
import { namedPage } from '../schemas/pages.ts';
import { closedComponent } from '../schemas/registry.ts';
import { errorResponses } from '../schemas.ts';
import {
  definitionBody,
  definitionIdParams,
  definitionNotFoundSchema,
  definitionSchema,
  invalidDefinition,
  versionParams,
} from './definition-schemas.ts';

type IdParams = { id: string };

/** /v1/extractors and /v1/classifiers: the same routes over each kind of saved definition. */
export function definitionRoutes(app: FastifyInstance, ctx: Context): void {
  for (const kind of definitionKinds) routesOf(app, ctx, kind);
}

function routesOf(app: FastifyInstance, ctx: Context, kind: DefinitionKind): void {
  const plural = `${kind}s` as const;
  const base = `/v1/${plural}`;
  const tags = [plural];
  const a = kind === 'extractor' ? 'an extractor' : 'a classifier';
  const one = definitionSchema(kind);
  const named = kind === 'extractor' ? 'Extractor' : 'Classifier';
  const notFound = definitionNotFoundSchema(kind);
  const changed = { 200: one, 400: invalidDefinition, 401: errorResponses[401], 404: notFound };
  // A change to an unknown or foreign id is a 404 whatever its body: checked before the body is.
  const mustExist = async (request: FastifyRequest) => {
    await findDefinition(ctx, request.org.id, kind, (request.params as IdParams).id);
  };

  app.post<{ Body: DefinitionRequest }>(
    base,
    {
      schema: {
        operationId: `create${named}`,
        summary: `Create ${a} (version 1)`,
        tags,
        body: definitionBody(kind, true),
        response: { 201: one, 400: invalidDefinition, 401: errorResponses[401] },
      },
    },
    async (request, reply) => {
      const created = await createDefinition(ctx, request.org.id, kind, request.body);
      reply.status(201).header('location', `${base}/${created.id}`);
      return publicDefinition(created);
    },
  );

  app.get<{ Querystring: PagingQuery }>(
    base,
    {
      schema: {
        operationId: `list${named}s`,
        summary: `List ${plural} at their current versions, newest first`,
        description: 'Page with `offset` or with the `nextCursor` of the previous page.',
        tags,
        querystring: { type: 'object', additionalProperties: false, properties: pagingProperties },
        response: {
          200: namedPage(`${named}Page`, plural, one),
          400: errorResponses[400],
          401: errorResponses[401],
        },
      },
    },
    async (request) => {
      const page = await listOrgDefinitions(ctx, request.org.id, kind, readPageRequest(request.query));
      const { items, ...rest } = page;
      return { [plural]: items.map(publicDefinition), ...rest };
    },
  );

  app.get<{ Params: IdParams }>(
    `${base}/:id`,
    {
      schema: {
        operationId: `get${named}`,
        summary: `Get ${a} at its current version`,
        tags,
        params: definitionIdParams,
        response: { 200: one, ...errorResponses, 404: notFound },
      },
    },
    async (request) => publicDefinition(await findDefinition(ctx, request.org.id, kind, request.params.id)),
  );

  for (const [method, how] of [
    ['put', 'replace'],
    ['patch', 'patch'],
  ] as const) {
    app[method]<{ Params: IdParams; Body: DefinitionRequest }>(
      `${base}/:id`,
      {
        preValidation: mustExist,
        schema: {
          operationId: `${how}${named}`,

          summary:
            how === 'replace'
              ? `Replace ${a}: a new version, unless nothing changed`
              : `Change some fields of ${a}: a new version, unless nothing changed`,
          description:
            how === 'replace'
              ? 'The body is the whole definition: fields left out go back to their defaults.'
              : 'Fields left out keep their values; null clears description and prompt and resets options to {}. `options` is replaced as a whole.',
          tags,
          params: definitionIdParams,
          body: definitionBody(kind, how === 'replace'),
          response: changed,
        },
      },
      async (request) =>
        publicDefinition(
          await changeDefinition(ctx, request.org.id, kind, request.params.id, request.body, how),
        ),
    );
  }

  app.delete<{ Params: IdParams }>(
    `${base}/:id`,
    {
      schema: {
        operationId: `delete${named}`,
        summary: `Delete ${a}`,
        description:
          'Jobs that used it keep what they used; it no longer appears in lists and its id answers 404.',
        tags,
        params: definitionIdParams,
        response: {
          200: closedComponent(`${named}Deleted`, {
            type: 'object',
            properties: { [`${plural}Deleted`]: { type: 'integer' } },
          }),
          ...errorResponses,
          404: notFound,
        },
      },
    },
    async (request) => {
      await removeDefinition(ctx, request.org.id, kind, request.params.id);
      return { [`${plural}Deleted`]: 1 };
    },
  );

  app.get<{ Params: IdParams; Querystring: { limit?: number; offset?: number } }>(
    `${base}/:id/versions`,
    {
      schema: {
        operationId: `list${named}Versions`,
        summary: `List the versions of ${a}, newest first`,
        tags,
        params: definitionIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: pagingProperties.limit, offset: pagingProperties.offset },
        },
        response: {
          200: closedComponent(`${named}Versions`, {
            type: 'object',
            properties: {
              versions: { type: 'array', items: one },
              total: { type: 'integer' },
              hasMore: { type: 'boolean' },
            },
          }),
          ...errorResponses,
          404: notFound,
        },
      },
    },
    async (request) => {
      const { limit = 50, offset = 0 } = request.query;
      const page = await listDefinitionVersions(ctx, request.org.id, kind, request.params.id, {
        limit,
        offset,
      });
      return { ...page, versions: page.versions.map(publicVersion) };
    },
  );

  app.get<{ Params: IdParams & { n: number } }>(
    `${base}/:id/versions/:n`,
    {
      schema: {
        operationId: `get${named}Version`,
        summary: `Get one version of ${a}`,
        tags,
        params: versionParams,
        response: { 200: one, ...errorResponses, 404: notFound },
      },
    },
    async (request) =>
      publicVersion(await findDefinition(ctx, request.org.id, kind, request.params.id, request.params.n)),
  );
}
