import type { FastifyInstance } from 'fastify';
import { DocjobsError } from '../core/errors.ts';
import type { Context } from '../services/context.ts';
import { countKeyRequest } from '../services/count-key-request.ts';
import { apiKeyFromHeaders } from './auth.ts';

/**
 * RATE_LIMIT_PER_MINUTE requests per API key and minute, counted in the database so every API
 * process shares the count: one upsert per /v1 request (src/store/rate-limits.ts), none when the
 * limit is 0 (no hook is installed). Installed after auth, so only valid keys are counted.
 * Every /v1 answer carries RateLimit-Limit, -Remaining and -Reset (seconds, IETF draft
 * "RateLimit header fields"); a request over the limit is a 429 RATE_LIMITED with Retry-After.
 * Refused requests count too: a client hammering through its 429s does not get a fresh window.
 */
export function installRateLimit(app: FastifyInstance, ctx: Context): void {
  const limit = ctx.config.rateLimitPerMinute;
  if (limit === 0) return;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    const key = apiKeyFromHeaders(request);
    if (!key) return; // never here: auth refuses a /v1 request without a key before this hook
    const { count, resetSeconds } = await countKeyRequest(ctx, key);
    // On the raw response, like security-headers.ts, so the hijacked event streams carry them too.
    reply.raw.setHeader('ratelimit-limit', limit);
    reply.raw.setHeader('ratelimit-remaining', Math.max(0, limit - count));
    reply.raw.setHeader('ratelimit-reset', resetSeconds);
    if (count > limit) {
      throw new DocjobsError('RATE_LIMITED', `over ${limit} requests a minute with this API key`, {
        details: { limit, retryAfterSeconds: resetSeconds },
      });
    }
  });
}
