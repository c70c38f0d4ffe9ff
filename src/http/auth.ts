import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DocjobsError } from '../core/errors.ts';
import type { ApiKeyId } from '../core/ids.ts';
import type { Organisation } from '../core/organisation.ts';
import { authenticate } from '../services/authenticate.ts';
import type { Context } from '../services/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    org: Organisation;
    /** The key the request came with (GET /v1/me shows it; DELETE /v1/keys/{id} guards it). */
    apiKeyId: ApiKeyId;
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
  app.decorateRequest('apiKeyId', null as unknown as ApiKeyId);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const key = apiKeyFromHeaders(request);
    if (!key)
      throw new DocjobsError(
        'UNAUTHORIZED',
        'send an API key as "Authorization: Bearer KEY" or "X-API-Key: KEY"',
      );
    const holder = await authenticate(ctx, key);
    request.org = holder.org;
    request.apiKeyId = holder.keyId;
  });
}
