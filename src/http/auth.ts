import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DocjobsError } from '../core/errors.ts';
import type { Organisation } from '../core/organisation.ts';
import type { Sql } from '../store/db.ts';
import { findOrganisationByKey } from '../store/orgs.ts';

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

/**
 * Every /v1 route needs a key. The key is looked up by its SHA-256, so the comparison happens
 * on a hash in an index, never character by character against the secret.
 */
export function installAuth(app: FastifyInstance, sql: Sql): void {
  app.decorateRequest('org', null as unknown as Organisation);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const key = apiKeyFromHeaders(request);
    if (!key)
      throw new DocjobsError(
        'UNAUTHORIZED',
        'send an API key as "Authorization: Bearer KEY" or "X-API-Key: KEY"',
      );
    const org = key.length <= 200 ? await findOrganisationByKey(sql, key) : null;
    if (!org) throw new DocjobsError('UNAUTHORIZED', 'the API key is not valid');
    request.org = org;
  });
}
