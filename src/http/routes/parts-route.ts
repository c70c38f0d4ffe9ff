import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { getPartDocument } from '../../services/split-part-document.ts';
import { pdfDownload } from '../schemas/registry.ts';
import { errorResponses, jobIdParams } from '../schemas.ts';

export function partsRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { id: string; n: number } }>(
    '/v1/jobs/:id/parts/:n/document',
    {
      schema: {
        operationId: 'getJobPartDocument',
        summary: 'The PDF of one part of a split job',
        description:
          "n is the part's number in the result (1-based). The original PDF's pages copied as they are (text layer, fonts and images kept, nothing re-rendered); an image input gives a PDF page holding the image. Deleted and purged with the job.",
        tags: ['jobs'],
        params: {
          type: 'object',
          required: ['id', 'n'],
          properties: { ...jobIdParams.properties, n: { type: 'integer', minimum: 1, maximum: 100000 } },
        },
        response: {
          200: pdfDownload(),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const pdf = await getPartDocument(ctx, request.org.id, request.params.id, request.params.n);
      reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="part-${request.params.n}.pdf"`)
        .header('cache-control', 'private, max-age=3600');
      return Buffer.from(pdf);
    },
  );
}
