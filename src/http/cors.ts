import type { FastifyInstance } from 'fastify';

const allowedMethods = 'GET, POST, PUT, PATCH, DELETE';
const allowedHeaders = 'Authorization, X-API-Key, Idempotency-Key, Content-Type, Last-Event-ID';
/** What a browser script may read of a response besides the simple headers. */
const exposedHeaders = 'X-Request-Id, Retry-After, Location';
/** Browsers cap this (Chromium at 2 h); a day keeps the preflights rare where it is honoured. */
const maxAgeSeconds = 86_400;

/**
 * CORS for browser clients on other origins, off unless CORS_ORIGINS lists them. Only a listed
 * origin is answered (an arbitrary Origin is echoed only when the list is `*`); keys travel in
 * headers, never cookies, so credentials are never allowed. Preflights are answered before the
 * auth hook, since a browser sends them without the key. Headers go on the raw response for the
 * same reason as in security-headers.ts: the event streams hijack the reply.
 */
export function installCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const any = origins.includes('*');
  const listed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !(any || listed.has(origin))) return;
    const raw = reply.raw;
    raw.setHeader('access-control-allow-origin', any ? '*' : origin);
    if (!any) raw.setHeader('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      raw.setHeader('access-control-allow-methods', allowedMethods);
      raw.setHeader('access-control-allow-headers', allowedHeaders);
      raw.setHeader('access-control-max-age', String(maxAgeSeconds));
      return reply.code(204).send();
    }
    raw.setHeader('access-control-expose-headers', exposedHeaders);
  });
}
