import type { FastifyInstance } from 'fastify';
import { DocjobsError, errorCodes } from '../../core/errors.ts';
import { type BulkAction, bulkActions, bulkJobs, bulkLimits } from '../../services/bulk-jobs.ts';
import type { Context } from '../../services/context.ts';
import { filterBodySchema, type JobFilterQuery, toJobFilter } from '../job-filter-query.ts';
import { readCursor } from '../paging.ts';
import { closedComponent, component } from '../schemas/registry.ts';
import { errorResponses } from '../schemas.ts';

interface BulkBody {
  ids?: string[];
  filter?: JobFilterQuery;
  limit?: number;
  cursor?: string;
}

component('JobFilter', filterBodySchema);

const summaries: Record<BulkAction, string> = {
  cancel: 'Cancel the queued, processing or retrying jobs among several',
  delete: 'Delete several terminal jobs with their documents and results; usage is kept',
  reprocess: 'Run several jobs again as new jobs (reprocessedFrom)',
};

const notes: Record<BulkAction, string> = {
  cancel: 'A job already terminal is an error CONFLICT.',
  delete: 'A job not terminal is an error JOB_NOT_TERMINAL.',
  reprocess: 'A job whose document is gone is an error CONFLICT. `created` lists the new jobs.',
};

export function bulkRoutes(app: FastifyInstance, ctx: Context): void {
  for (const action of bulkActions) {
    const max = bulkLimits[action];
    const named = action[0]!.toUpperCase() + action.slice(1);
    app.post<{ Body: BulkBody }>(
      `/v1/jobs/bulk/${action}`,
      {
        schema: {
          operationId: `bulk${named}Jobs`,
          summary: summaries[action],
          description: `Either \`ids\` (at most ${max}) or \`filter\` (the filters of GET /v1/jobs). With a filter the newest ${max} matching jobs (or \`limit\`) are acted on; \`hasMore\` and \`nextCursor\` (send it as \`cursor\` with the same filter) walk the rest. Each job is reported: \`succeeded\` + \`errors\` = \`matched\`. ${notes[action]}`,
          tags: ['jobs'],
          body: component(`Bulk${named}Request`, {
            type: 'object',
            additionalProperties: false,
            properties: {
              ids: {
                type: 'array',
                minItems: 1,
                maxItems: max,
                items: { type: 'string', minLength: 1, maxLength: 64 },
              },
              filter: filterBodySchema,
              limit: { type: 'integer', minimum: 1, maximum: max },
              cursor: { type: 'string', maxLength: 200 },
            },
          }),
          response: {
            200: closedComponent(`Bulk${named}Result`, {
              type: 'object',
              properties: {
                matched: { type: 'integer' },
                succeeded: { type: 'integer' },
                errors: {
                  type: 'array',
                  items: closedComponent('BulkError', {
                    type: 'object',
                    properties: {
                      jobId: { type: 'string' },
                      code: { type: 'string', enum: [...errorCodes] },
                      message: { type: 'string' },
                    },
                  }),
                },
                hasMore: { type: 'boolean' },
                nextCursor: { type: ['string', 'null'] },
                ...(action === 'reprocess'
                  ? {
                      created: {
                        type: 'array',
                        items: closedComponent('ReprocessedJob', {
                          type: 'object',
                          properties: { id: { type: 'string' }, reprocessedFrom: { type: 'string' } },
                        }),
                      },
                    }
                  : {}),
              },
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const body = request.body ?? {};
        if ((body.ids === undefined) === (body.filter === undefined)) {
          throw new DocjobsError('VALIDATION_ERROR', 'send either ids or filter', {
            details: { field: 'ids' },
          });
        }
        if (body.ids && (body.limit !== undefined || body.cursor !== undefined)) {
          throw new DocjobsError('VALIDATION_ERROR', 'limit and cursor go with filter, not ids', {
            details: { field: body.limit !== undefined ? 'limit' : 'cursor' },
          });
        }
        const target = body.ids
          ? { ids: body.ids }
          : { filter: toJobFilter(body.filter!), limit: body.limit, cursor: readCursor(body.cursor) };
        return bulkJobs(ctx, request.org.id, action, target);
      },
    );
  }
}
