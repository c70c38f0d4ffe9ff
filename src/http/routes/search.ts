import type { FastifyInstance } from 'fastify';
import { jobTypes } from '../../core/job.ts';
import { type SearchMode, searchLimits, searchModes } from '../../core/search.ts';
import type { Context } from '../../services/context.ts';
import { searchChunks } from '../../services/search.ts';
import { closedComponent, component } from '../schemas/registry.ts';
import { errorResponses, errorSchema, metadataSchema } from '../schemas.ts';

interface SearchBody {
  query: string;
  mode?: SearchMode;
  topK?: number;
  filters?: {
    jobIds?: string[];
    caseId?: string;
    type?: string;
    metadata?: Record<string, string>;
    createdAfter?: string;
    createdBefore?: string;
    [metadataFilter: `metadata.${string}`]: string;
  };
}

const boxes = {
  type: 'array',
  items: { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 },
};

export const searchHitSchema = closedComponent('SearchHit', {
  type: 'object',
  properties: {
    id: { type: 'string', description: "`{jobId}:{index}`, as in the chunk job's result" },
    jobId: { type: 'string' },
    fileName: { type: ['string', 'null'] },
    index: { type: 'integer', description: "0-based position in the document's reading order" },
    pages: { type: 'array', items: { type: 'integer' } },
    bboxes: {
      type: 'object',
      description: 'The boxes [x0, y0, x1, y1] of the blocks the chunk draws from, per page number',
      additionalProperties: boxes,
    },
    headingPath: { type: 'array', items: { type: 'string' } },
    text: { type: 'string' },
    score: {
      type: 'number',
      description:
        'fulltext: ts_rank_cd (0..1) of a chunk holding every word, ts_rank (0..1) of one holding some, listed after them; vector: cosine similarity; hybrid: the reciprocal rank fusion sum',
    },
    snippet: {
      type: 'string',
      description: "The chunk's best passages, the query's words in <mark>…</mark>",
    },
  },
} as const);

/** POST /v1/search: validate, one service, shape. */
export function searchRoutes(app: FastifyInstance, ctx: Context): void {
  app.post<{ Body: SearchBody }>(
    '/v1/search',
    {
      schema: {
        operationId: 'search',
        summary: "Search your organisation's chunks",
        description:
          "`fulltext`: PostgreSQL full-text search in each document's language, no model needed. `vector`: nearest chunks by the embeddings endpoint's vectors (needs EMBEDDINGS_BASE_URL on the server: otherwise 400 `EMBEDDINGS_NOT_CONFIGURED`). `hybrid` (default): both rankings fused by reciprocal rank fusion (k = 60); without an embeddings endpoint it runs `fulltext`, and the answer's `mode` says so. Only completed jobs' chunks are searched.",
        tags: ['search'],
        body: component('SearchRequest', {
          type: 'object',
          required: ['query'],
          additionalProperties: false,
          properties: {
            query: { type: 'string', minLength: 1, maxLength: searchLimits.queryLength },
            mode: { type: 'string', enum: [...searchModes], default: 'hybrid' },
            topK: {
              type: 'integer',
              minimum: 1,
              maximum: searchLimits.maxTopK,
              default: searchLimits.defaultTopK,
            },
            filters: {
              type: 'object',
              additionalProperties: false,
              // `metadata.K: V`, as GET /v1/jobs takes it, beside `metadata: {K: V}`.
              patternProperties: { '^metadata\\.[^.]{1,64}$': { type: 'string', maxLength: 512 } },
              properties: {
                jobIds: {
                  type: 'array',
                  maxItems: searchLimits.maxJobIds,
                  items: { type: 'string', maxLength: 64 },
                },
                caseId: { type: 'string', maxLength: 64 },
                type: { type: 'string', enum: [...jobTypes] },
                metadata: metadataSchema,
                createdAfter: { type: 'string', format: 'date-time' },
                createdBefore: { type: 'string', format: 'date-time' },
              },
            },
          },
        }),
        response: {
          200: closedComponent('SearchAnswer', {
            type: 'object',
            properties: {
              mode: { type: 'string', enum: [...searchModes], description: 'The mode that ran' },
              data: { type: 'array', items: searchHitSchema },
            },
          } as const),
          400: {
            ...errorSchema,
            description: 'Invalid request, or mode "vector" with no embeddings endpoint',
          },
          401: errorResponses[401],
        },
      },
    },
    async (request) => {
      const { query, mode = 'hybrid', topK = searchLimits.defaultTopK, filters = {} } = request.body;
      const metadata: Record<string, string> = { ...filters.metadata };
      for (const [key, value] of Object.entries(filters)) {
        if (key.startsWith('metadata.') && typeof value === 'string')
          metadata[key.slice('metadata.'.length)] = value;
      }
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      return searchChunks(
        ctx,
        request.org.id,
        {
          query,
          mode,
          topK,
          filters: {
            jobIds: filters.jobIds,
            caseId: filters.caseId,
            type: filters.type,
            metadata,
            createdAfter: filters.createdAfter ? new Date(filters.createdAfter) : undefined,
            createdBefore: filters.createdBefore ? new Date(filters.createdBefore) : undefined,
          },
        },
        gone.signal,
      );
    },
  );
}
