import type { FastifyInstance } from 'fastify';
import { createApiKeyFor, findApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys.ts';
import type { Context } from '../../services/context.ts';
import { emptyBodyIsEmptyObject } from '../empty-body.ts';
import { closedComponent, component } from '../schemas/registry.ts';
import { errorResponses } from '../schemas.ts';

const keyProperties = {
  id: { type: 'string', example: 'key_01jd2v0a4k5yq3m7r8s9t0v1w2' },
  name: { type: ['string', 'null'] },
  prefix: { type: 'string', description: 'The first characters of the key (`dj_` and four more)' },
  suffix: {
    type: ['string', 'null'],
    description: 'Its last four characters; null for keys made before they were kept',
  },
  createdAt: { type: 'string', format: 'date-time' },
  lastUsedAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'When a request last came with it (noted at most once a minute)',
  },
  revokedAt: { type: ['string', 'null'], format: 'date-time' },
  current: { type: 'boolean', description: 'The key this request came with' },
} as const;

/** Never the key nor its hash: only POST /v1/keys answers the key, once. */
export const apiKeySchema = closedComponent('ApiKey', { type: 'object', properties: keyProperties } as const);

const createdKeySchema = closedComponent('CreatedApiKey', {
  type: 'object',
  properties: {
    ...keyProperties,
    key: { type: 'string', description: 'The key itself: shown this once, only its hash is kept' },
  },
} as const);

const keyList = closedComponent('ApiKeyList', {
  type: 'object',
  properties: { keys: { type: 'array', items: apiKeySchema } },
} as const);

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64, description: 'The key id (not the key)' } },
} as const;

const notFound = { 404: { ...errorResponses[404], description: 'No such key in your organisation' } };

/** /v1/keys: the organisation's API keys (the console's settings, `docjobs keys list|create|revoke`). */
export function keyRoutes(app: FastifyInstance, ctx: Context): void {
  app.get(
    '/v1/keys',
    {
      schema: {
        operationId: 'listApiKeys',
        summary: "The organisation's API keys, oldest first, revoked ones included",
        tags: ['keys'],
        response: { 200: keyList, ...errorResponses },
      },
    },
    async (request) => ({ keys: await listApiKeys(ctx, request.org.id, request.apiKeyId) }),
  );

  app.post<{ Body: { name?: string } | undefined }>(
    '/v1/keys',
    {
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key for the organisation',
        description:
          'The answer carries the key itself, the only time it is shown: keep it. Only its SHA-256 is stored.',
        tags: ['keys'],
        body: component('ApiKeyRequest', {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
        }),
        response: { 201: createdKeySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createApiKeyFor(
        ctx,
        request.org.id,
        request.body?.name ?? null,
        request.apiKeyId,
      );
      return reply.status(201).send(created);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/keys/:id',
    {
      schema: {
        operationId: 'getApiKey',
        summary: 'One API key (never the key itself)',
        tags: ['keys'],
        params: idParams,
        response: { 200: apiKeySchema, ...errorResponses, ...notFound },
      },
    },
    async (request) => findApiKey(ctx, request.org.id, request.params.id, request.apiKeyId),
  );

  app.delete<{ Params: { id: string }; Querystring: { self?: boolean } }>(
    '/v1/keys/:id',
    {
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        description:
          "Requests with it fail (401) from the next one on. The key this request came with is revoked only with `self=true` (else 409 KEY_IN_USE); the organisation's last usable key never is (409 LAST_KEY: create another first). Revoking a revoked key answers it unchanged.",
        tags: ['keys'],
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            self: {
              type: 'boolean',
              default: false,
              description: 'Allow revoking the key this request came with',
            },
          },
        },
        response: {
          200: apiKeySchema,
          ...errorResponses,
          ...notFound,
          409: { ...errorResponses[400], description: 'KEY_IN_USE or LAST_KEY' },
        },
      },
    },
    async (request) =>
      revokeApiKey(ctx, request.org.id, request.params.id, {
        currentKeyId: request.apiKeyId,
        self: request.query.self === true,
      }),
  );
}
