import type { FastifyInstance } from 'fastify';
import { ocrModes } from '../../core/parse-options.ts';
import type { Context } from '../../services/context.ts';
import { getJobPages } from '../../services/job-pages.ts';
import { closedComponent } from '../schemas/registry.ts';
import { errorResponses, jobIdParams } from '../schemas.ts';

const nullableNumber = { type: ['number', 'null'] } as const;

const pageInfoSchema = closedComponent('PageInfo', {
  type: 'object',
  description: 'One page a job read: its size in the units of its boxes, and how well it was read',
  properties: {
    page: { type: 'integer', description: '1-based, the number in the document' },
    width: { ...nullableNumber, description: 'PDF points, pixels for images: the units of every bbox' },
    height: nullableNumber,
    source: { type: 'string', enum: ['textLayer', 'ocr', 'none'] },
    textLayer: { type: 'boolean' },
    qualityScore: { ...nullableNumber, description: 'OCR word confidences, or text-layer sanity' },
    ocrMode: { type: ['string', 'null'], enum: [...ocrModes, null] },
  },
});

const jobPagesSchema = closedComponent('JobPages', {
  type: 'object',
  properties: { jobId: { type: 'string' }, pages: { type: 'array', items: pageInfoSchema } },
});

export function pagesRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id/pages',
    {
      schema: {
        operationId: 'getJobPages',
        summary: 'The pages a job read: sizes and quality',
        description:
          "For every job type (an extract job's evidence boxes are in these units: scale them by a thumbnail's width / the page's width). 409 RESULT_NOT_READY until the job completes.",
        tags: ['jobs'],
        params: jobIdParams,
        response: { 200: jobPagesSchema, ...errorResponses },
      },
    },
    async (request) => getJobPages(ctx, request.org.id, request.params.id),
  );
}
