import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { getFigure } from '../../services/job-figure.ts';
import { documented } from '../schemas/registry.ts';
import { errorResponses, jobIdParams } from '../schemas.ts';

export function figureRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { id: string; name: string } }>(
    '/v1/jobs/:id/figures/:name',
    {
      schema: {
        operationId: 'getJobFigure',
        summary: 'A PNG of one figure of the document',
        description:
          "The names are those of the result's `figure` blocks (`p{page}-{n}.png`, as the markdown links them). Cropped from the page at 144 dpi on first request and cached; deleted with the job.",
        tags: ['jobs'],
        params: {
          type: 'object',
          required: ['id', 'name'],
          properties: { ...jobIdParams.properties, name: { type: 'string', maxLength: 32 } },
        },
        response: {
          200: documented(
            { description: 'image/png' },
            { 'image/png': { type: 'string', format: 'binary' } },
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      const png = await getFigure(ctx, request.org.id, request.params.id, request.params.name, gone.signal);
      reply.type('image/png').header('cache-control', 'private, max-age=3600');
      return Buffer.from(png);
    },
  );
}
