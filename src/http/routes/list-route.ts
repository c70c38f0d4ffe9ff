import type { FastifyInstance } from 'fastify';
import { publicJob } from '../../core/job.ts';
import type { Context } from '../../services/context.ts';
import { listJobs } from '../../services/list-jobs.ts';
import { filterQuerySchema, type JobFilterQuery, toJobFilter } from '../job-filter-query.ts';
import { type PagingQuery, pagingProperties, readPageRequest } from '../paging.ts';
import { namedPage } from '../schemas/pages.ts';
import { errorResponses, jobSchema } from '../schemas.ts';

const jobPage = namedPage('JobPage', 'jobs', jobSchema);

interface ListQuery extends JobFilterQuery, PagingQuery {}

export function listRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Querystring: ListQuery }>(
    '/v1/jobs',
    {
      schema: {
        operationId: 'listJobs',
        summary: 'List jobs, newest first',
        description:
          'Filters combine with AND; `status` may repeat. `metadata.KEY=VALUE` filters on your metadata. Page with `offset` or with the `nextCursor` of the previous page.',
        tags: ['jobs'],
        querystring: filterQuerySchema(pagingProperties),
        response: { 200: jobPage, ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listJobs(ctx, request.org.id, toJobFilter(query), readPageRequest(query));
      return { ...page, jobs: page.jobs.map(publicJob) };
    },
  );
}
