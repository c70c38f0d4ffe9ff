import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { getEditOutput } from '../../services/edit-output.ts';
import { pdfDownload } from '../schemas/registry.ts';
import { errorResponses, jobIdParams } from '../schemas.ts';

export function outputRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id/output',
    {
      schema: {
        operationId: 'getJobOutput',
        summary: 'Download the PDF an edit, fill or generate job made',
        description:
          'The new PDF of a completed edit or fill job (the original stays at /document, untouched), or the PDF a generate job drew. Deleted and purged with the job. 404 for other job types, 409 until the job completes.',
        tags: ['jobs'],
        params: jobIdParams,
        response: {
          200: pdfDownload(),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { stream, fileName } = await getEditOutput(ctx, request.org.id, request.params.id);
      reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`);
      return reply.send(stream);
    },
  );
}
