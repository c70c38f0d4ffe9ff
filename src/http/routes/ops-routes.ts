import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { readiness } from '../../services/readiness.ts';

/** Liveness says the process answers; readiness says its database answers too. */
export function opsRoutes(app: FastifyInstance, ctx: Context): void {
  // Someone who opens the server's address in a browser lands on the API's documentation (a 302:
  // the dashboard will take this place when there is one).
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs', 302));
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['operations'] } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { schema: { summary: 'Readiness: the database answers', tags: ['operations'] } },
    async (_request, reply) => {
      const { ready, database, faults } = await readiness(ctx);
      if (ready) return { status: 'ready', database };
      reply.status(503);
      return { status: 'unavailable', database, ...(faults.length > 0 ? { faults } : {}) };
    },
  );
}
