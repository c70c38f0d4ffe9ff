import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { whoAmI } from '../../services/me.ts';
import { closedComponent } from '../schemas/registry.ts';
import { errorResponses } from '../schemas.ts';
import { apiKeySchema } from './key-routes.ts';

const meSchema = closedComponent('Me', {
  type: 'object',
  properties: {
    organisation: closedComponent('Organisation', {
      type: 'object',
      properties: {
        id: { type: 'string', example: 'org_01jd2v0a4k5yq3m7r8s9t0v1w2' },
        name: { type: 'string' },
      },
    } as const),
    key: apiKeySchema,
  },
} as const);

/** GET /v1/me: who the key belongs to (the console shows the organisation's name after sign-in). */
export function meRoute(app: FastifyInstance, ctx: Context): void {
  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getMe',
        summary: 'The organisation of the API key, and the key itself (never its secret)',
        description: 'A cheap way to check a key: 401 when it is unknown or revoked.',
        tags: ['keys'],
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (request) => whoAmI(ctx, request.org, request.apiKeyId),
  );
}
