import type { FastifyInstance } from 'fastify';
import { DocjobsError } from '../../core/errors.ts';
import { jobTypes, publicJob } from '../../core/job.ts';
import { type JobStatus, jobStatuses } from '../../core/job-status.ts';
import type { Context } from '../../services/context.ts';
import { decodeCursor, type JobFilter, listJobs } from '../../store/jobs/list-jobs.ts';
import { errorResponses, jobSchema } from '../schemas.ts';

interface ListQuery {
  status?: JobStatus[];
  type?: JobFilter['type'];
  createdAfter?: string;
  createdBefore?: string;
  minQuality?: number;
  limit?: number;
  offset?: number;
  cursor?: string;
  [metadataFilter: `metadata.${string}`]: string;
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
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'array', items: { type: 'string', enum: [...jobStatuses] } },
            type: { type: 'string', enum: [...jobTypes] },
            createdAfter: { type: 'string', format: 'date-time' },
            createdBefore: { type: 'string', format: 'date-time' },
            minQuality: {
              type: 'number',
              minimum: 0,
              maximum: 1,
              description: 'Only jobs whose qualityScore is at least this',
            },
            limit: { type: 'integer', minimum: 1, maximum: maxListLimit, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
            cursor: { type: 'string', maxLength: 200 },
          },
          patternProperties: { '^metadata\\.': { type: 'string', maxLength: 512 } },
        },
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
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (cursor === null) {
        throw new DocjobsError('VALIDATION_ERROR', 'cursor is not one this API returned', {
          details: { field: 'cursor' },
        });
      }
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(query)) {
        if (name.startsWith('metadata.')) metadata[name.slice('metadata.'.length)] = String(value);
      }
      const page = await listJobs(
        ctx.db,
        request.org.id,
        {
          statuses: query.status,
          type: query.type,
          createdAfter: query.createdAfter ? new Date(query.createdAfter) : undefined,
          createdBefore: query.createdBefore ? new Date(query.createdBefore) : undefined,
          metadata,
          minQuality: query.minQuality,
        },
        { limit: query.limit ?? 50, offset: query.offset, cursor },
      );
      return { ...page, jobs: page.jobs.map(publicJob) };
    },
  );
}
