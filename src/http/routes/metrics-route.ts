import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { createMetrics, type MetricsSource, metricsContentType } from '../../services/metrics.ts';
import { documented } from '../schemas/registry.ts';

/** Prometheus scrapes this without a key, like /healthz: it shows counts, never a job or an organisation. */
export function metricsRoute(app: FastifyInstance, ctx: Context, source: MetricsSource = {}): void {
  const metrics = createMetrics(ctx, source);
  app.get(
    '/metrics',
    {
      schema: {
        operationId: 'getMetrics',

        summary:
          'Prometheus metrics: jobs by status and type, queue depth, processing times, webhook deliveries; process and Node.js metrics',
        description:
          "Text format 0.0.4. Job, queue and webhook figures are read from the database (the whole fleet, the same from every instance: aggregate with max); they are cached for 5 s. The process_ and nodejs_ metrics (CPU, memory, GC, event-loop lag) are each instance's own.",
        tags: ['operations'],
        produces: ['text/plain'],
        response: {
          200: documented(
            { description: 'text/plain; version=0.0.4' },
            { 'text/plain': { type: 'string', description: 'Prometheus text format 0.0.4' } },
          ),
        },
      },
    },
    async (_request, reply) => {
      reply.type(metricsContentType);
      return metrics.render();
    },
  );
}
