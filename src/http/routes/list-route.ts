import type { FastifyInstance } from 'fastify';
import { DocjobsError } from '../../core/errors.ts';
import { publicJob } from '../../core/job.ts';
import type { Context } from '../../services/context.ts';
import { listJobs } from '../../store/jobs/list-jobs.ts';
import { cursorOf, filterQuerySchema, type JobFilterQuery, toJobFilter } from '../job-filter-query.ts';
import { errorResponses, jobSchema } from '../schemas.ts';

interface ListQuery extends JobFilterQuery {
  limit?: number;
  offset?: number;
  cursor?: string;
}

export const maxListLimit = 500;

export function listRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Querystring: ListQuery }>(
    '/v1/jobs',
    {
      schema: {
        summary: 'List jobs, newest first',
        description:
          'Filters combine with AND; `status` may repeat. `metadata.KEY=VALUE` filters on your metadata. Page with `offset` or with the `nextCursor` of the previous page.',
        tags: ['jobs'],
        querystring: filterQuerySchema({
          limit: { type: 'integer', minimum: 1, maximum: maxListLimit, default: 50 },
          offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
          cursor: { type: 'string', maxLength: 200 },
        }),
        response: {
          200: {
            type: 'object',
            properties: {
              jobs: { type: 'array', items: jobSchema },
              total: { type: 'integer' },
              hasMore: { type: 'boolean' },
              nextCursor: { type: ['string', 'null'] },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const query = request.query;
      if (query.cursor !== undefined && query.offset !== undefined) {
        throw new DocjobsError('VALIDATION_ERROR', 'use offset or cursor, not both', {
          details: { field: 'cursor' },
        });
      }
      const page = await listJobs(ctx.db, request.org.id, toJobFilter(query), {
        limit: query.limit ?? 50,
        offset: query.offset,
        cursor: cursorOf(query.cursor),
      });
      return { ...page, jobs: page.jobs.map(publicJob) };
    },
  );
}
