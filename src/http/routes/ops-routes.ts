import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { readiness } from '../../services/readiness.ts';
import { component, documented } from '../schemas/registry.ts';

const health = component('Health', {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
});

const readinessSchema = component('Readiness', {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'database'],
  properties: {
    status: { type: 'string', enum: ['ready', 'unavailable'] },
    database: { type: 'string', enum: ['pglite', 'postgres'] },
    faults: { type: 'array', items: { type: 'string' }, description: 'What makes the process unfit' },
  },
});

/** Liveness says the process answers; readiness says its database answers too. */
export function opsRoutes(app: FastifyInstance, ctx: Context): void {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        summary: 'Liveness',
        tags: ['operations'],
        response: { 200: documented({ description: 'The process answers' }, { 'application/json': health }) },
      },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        summary: 'Readiness: the database answers',
        tags: ['operations'],
        response: {
          200: documented({ description: 'Ready for work' }, { 'application/json': readinessSchema }),
          503: documented(
            { description: 'The database does not answer, or the process is unfit (faults)' },
            { 'application/json': readinessSchema },
          ),
        },
      },
    },
    async (_request, reply) => {
      const { ready, database, faults } = await readiness(ctx);
      if (ready) return { status: 'ready', database };
      reply.status(503);
      return { status: 'unavailable', database, ...(faults.length > 0 ? { faults } : {}) };
    },
  );
}
