import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { jobChunks } from '../../services/job-chunks.ts';
import { pagingProperties, readPageRequest } from '../paging.ts';
import { namedPage } from '../schemas/pages.ts';
import { closedComponent } from '../schemas/registry.ts';
import { errorResponses, jobIdParams } from '../schemas.ts';
import { searchHitSchema } from './search.ts';

const chunkSchema = closedComponent('IndexedChunk', {
  type: 'object',
  description: 'A chunk as it was indexed for search',
  properties: {
    ...Object.fromEntries(
      Object.entries(searchHitSchema.properties).filter(([name]) => name !== 'score' && name !== 'snippet'),
    ),
    markdown: { type: 'string' },
    blockTypes: { type: 'array', items: { type: 'string' } },
    tokens: { type: 'integer' },
    language: { type: 'string', description: 'The text search configuration its words were stemmed with' },
    dims: { type: ['integer', 'null'], description: 'Length of its embedding; null without one' },
  },
} as const);

const chunkPage = namedPage('IndexedChunkPage', 'chunks', chunkSchema);

/** GET /v1/jobs/{id}/chunks: the job's indexed chunks in reading order, paged like every list. */
export function chunksRoute(app: FastifyInstance, ctx: Context): void {
  app.get<{ Params: { id: string }; Querystring: { limit?: number; offset?: number; cursor?: string } }>(
    '/v1/jobs/:id/chunks',
    {
      schema: {
        operationId: 'listJobChunks',
        summary: "Page through a job's chunks",
        description:
          'The chunks a `chunk` job (or a `parse` job with `options.chunking`) indexed for search, in reading order. Page with `offset` or with the `nextCursor` of the previous page.',
        tags: ['search'],
        params: jobIdParams,
        querystring: { type: 'object', additionalProperties: false, properties: pagingProperties },
        response: { 200: chunkPage, ...errorResponses },
      },
    },
    async (request) => jobChunks(ctx, request.org.id, request.params.id, readPageRequest(request.query)),
  );
}
