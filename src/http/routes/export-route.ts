import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import {
  type ExportFormat,
  exportContentType,
  exportFormats,
  exportJobs,
  exportPageSize,
} from '../../services/export-jobs.ts';
import { filterQuerySchema, type JobFilterQuery, toJobFilter } from '../job-filter-query.ts';
import { documented } from '../schemas/registry.ts';
import { errorResponses, exportedJobSchema } from '../schemas.ts';

interface ExportQuery extends JobFilterQuery {
  format?: ExportFormat;
  include?: 'data';
}

export function exportRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Querystring: ExportQuery }>(
    '/v1/jobs/export',
    {
      schema: {
        operationId: 'exportJobs',
        summary: 'Every job that matches the filters, as CSV or JSON, streamed',
        description: `The filters of GET /v1/jobs; newest first. The body is written ${exportPageSize} jobs at a time as they are read, so any number of jobs can be exported. CSV: one line per job (RFC 4180 quoting, CRLF), metadata as a JSON column; a file name starting with = + - @ gets a leading '. JSON: an array of jobs as GET /v1/jobs/{id} shows them.`,
        tags: ['jobs'],
        querystring: filterQuerySchema({
          format: { type: 'string', enum: [...exportFormats], default: 'csv' },
          include: {
            type: 'string',
            enum: ['data'],
            description:
              "data: each job's findings too (an extraction's data, a classification's label and scores, a workflow's parts and steps)",
          },
        }),
        response: {
          200: documented(
            { description: 'text/csv or application/json' },
            {
              'text/csv': { type: 'string', description: 'A header line, then one line per job' },
              'application/json': { type: 'array', items: exportedJobSchema },
            },
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const { include, ...filters } = request.query;
      const stream = exportJobs(ctx, request.org.id, toJobFilter(filters), format, {
        withData: include === 'data',
      });
      const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '');
      reply
        .type(exportContentType[format])
        .header('content-disposition', `attachment; filename="jobs-${stamp}.${format}"`)
        .header('cache-control', 'no-store');
      return reply.send(stream);
    },
  );
}
