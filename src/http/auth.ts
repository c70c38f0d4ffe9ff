import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DocjobsError } from '../core/errors.ts';
import type { Organisation } from '../core/organisation.ts';
import { authenticate } from '../services/authenticate.ts';
import type { Context } from '../services/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    org: Organisation;
  }
}

export function apiKeyFromHeaders(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? null;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : null;
}

/** Every /v1 route needs a key (services/authenticate.ts checks it); the request then acts for its organisation. */
export function installAuth(app: FastifyInstance, ctx: Context): void {
  app.decorateRequest('org', null as unknown as Organisation);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const key = apiKeyFromHeaders(request);
    if (!key)
      throw new DocjobsError(
        'UNAUTHORIZED',
        'send an API key as "Authorization: Bearer KEY" or "X-API-Key: KEY"',
      );
    request.org = await authenticate(ctx, key);
  });
}
