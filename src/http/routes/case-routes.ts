import type { FastifyInstance } from 'fastify';
import { caseLimits, publicCase } from '../../core/case.ts';
import type { Metadata } from '../../core/job.ts';
import { createCase, deleteCase, findCase, listOrgCases } from '../../services/cases.ts';
import type { Context } from '../../services/context.ts';
import { metadataValuesAreStrings } from '../metadata-guard.ts';
import { pagingProperties, readPageRequest } from '../paging.ts';
import { namedPage } from '../schemas/pages.ts';
import { closedComponent, component, ref } from '../schemas/registry.ts';
import { errorResponses, errorSchema, metadataSchema } from '../schemas.ts';

const caseSchema = closedComponent('Case', {
  $id: 'Case',
  type: 'object',
  properties: {
    id: { type: 'string', example: 'case_01jd2v0a4k5yq3m7r8s9t0v1w2' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    jobCount: { type: 'integer', description: 'Jobs in the case now, whatever their status' },
  },
} as const);

const casePage = namedPage('CasePage', 'cases', caseSchema);

// Any string up to 64: an id of another shape (a job id, say) is a 404 like any unknown id, not a 400.
const caseIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64, description: 'The case id' } },
} as const;

const notFound = { ...errorResponses[404], description: 'No such case in your organisation' };

const caseDeleted = {
  type: 'object',
  properties: {
    casesDeleted: { type: 'integer' },
    jobsDeleted: { type: 'integer' },
    errors: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

const caseNotDoneSchema = component('CaseDeleteError', {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        ...errorSchema.properties.error.properties,
        jobIds: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const);

type IdParams = { id: string };

/** /v1/cases: long-term collections of documents, never purged. Each route: validate, one service, shape. */
export function caseRoutes(app: FastifyInstance, ctx: Context): void {
  app.post<{ Body: { name: string; description?: string; metadata?: Metadata } }>(
    '/v1/cases',
    {
      preValidation: metadataValuesAreStrings,
      schema: {
        operationId: 'createCase',
        summary: 'Create a case',
        description:
          'Jobs submitted with its `caseId` are kept until the case is deleted: the retention purge never touches them.',
        tags: ['cases'],
        body: component('CaseRequest', {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: caseLimits.nameLength },
            description: { type: 'string', maxLength: caseLimits.descriptionLength },
            metadata: metadataSchema,
          },
        }),
        response: { 201: caseSchema, 400: errorResponses[400], 401: errorResponses[401] },
      },
    },
    async (request, reply) => {
      const created = await createCase(ctx, request.org.id, request.body);
      reply.status(201).header('location', `/v1/cases/${created.id}`);
      return publicCase(created);
    },
  );

  app.get<{ Querystring: { limit?: number; offset?: number; cursor?: string } }>(
    '/v1/cases',
    {
      schema: {
        operationId: 'listCases',
        summary: 'List cases, newest first',
        description: 'Page with `offset` or with the `nextCursor` of the previous page.',
        tags: ['cases'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: pagingProperties,
        },
        response: {
          200: casePage,
          400: errorResponses[400],
          401: errorResponses[401],
        },
      },
    },
    async (request) => {
      const page = await listOrgCases(ctx, request.org.id, readPageRequest(request.query));
      return { ...page, cases: page.cases.map(publicCase) };
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/cases/:id',
    {
      schema: {
        operationId: 'getCase',
        summary: 'Get a case',
        tags: ['cases'],
        params: caseIdParams,
        response: { 200: caseSchema, ...errorResponses, 404: notFound },
      },
    },
    async (request) => publicCase(await findCase(ctx, request.org.id, request.params.id)),
  );

  app.delete<{ Params: IdParams }>(
    '/v1/cases/:id',
    {
      schema: {
        operationId: 'deleteCase',
        summary: 'Delete a case with its jobs: their documents, results, thumbnails, traces and rows',
        description:
          'Only when every job in the case is terminal; otherwise 400 `JOB_NOT_TERMINAL` with `jobIds` (up to 100) and nothing is deleted. Cancel them or wait, then delete again.',
        tags: ['cases'],
        params: caseIdParams,
        response: {
          200: closedComponent('CaseDeleted', caseDeleted, [], {
            properties: { ...caseDeleted.properties, errors: { type: 'array', items: ref('BulkError') } },
          }),
          400: {
            description: 'Invalid request, or jobs of the case still running (JOB_NOT_TERMINAL)',
            ...caseNotDoneSchema,
          },
          401: errorResponses[401],
          404: notFound,
        },
      },
    },
    async (request) => deleteCase(ctx, request.org.id, request.params.id),
  );
}
