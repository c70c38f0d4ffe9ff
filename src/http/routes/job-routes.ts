import type { FastifyInstance } from 'fastify';
import { DocjobsError } from '../../core/errors.ts';
import { publicJob } from '../../core/job.ts';
import { cancelJob } from '../../services/cancel-job.ts';
import type { Context } from '../../services/context.ts';
import { deleteJob } from '../../services/delete-job.ts';
import { findJob, waitForJob } from '../../services/find-job.ts';
import {
  getJobResult,
  getJobTrace,
  type ResultFormat,
  resultContentType,
  resultFormats,
} from '../../services/job-result.ts';
import { getThumbnail, thumbnailWidths } from '../../services/job-thumbnail.ts';
import { retryJob } from '../../services/retry-job.ts';
import { traceSchema } from '../schemas/job-docs.ts';
import { component, documented, ref } from '../schemas/registry.ts';
import { jobResultSchema } from '../schemas/task-results.ts';
import { errorResponses, jobIdParams, jobSchema } from '../schemas.ts';

type IdParams = { id: string };

/** Routes on one job. Each: validate, call one service, shape the reply. */
export function jobRoutes(app: FastifyInstance, ctx: Context): void {
  // A long poll answers the job as it is when the server closes, rather than hold the shutdown.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
  app.get<{ Params: IdParams; Querystring: { wait?: number } }>(
    '/v1/jobs/:id',
    {
      schema: {
        operationId: 'getJob',
        summary: 'Get a job',
        description: 'With `wait=N`, holds the request up to N seconds (≤ 60) until the job is terminal.',
        tags: ['jobs'],
        params: jobIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { wait: { type: 'number', minimum: 0, maximum: 60 } },
        },
        response: { 200: jobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const wait = request.query.wait ?? 0;
      if (wait <= 0) return publicJob(await findJob(ctx, request.org.id, id));
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      const signal = AbortSignal.any([gone.signal, closing.signal]);
      return publicJob(await waitForJob(ctx, request.org.id, id, wait, signal));
    },
  );

  app.get<{ Params: IdParams; Querystring: { format?: ResultFormat } }>(
    '/v1/jobs/:id/result',
    {
      schema: {
        operationId: 'getJobResult',
        summary: 'Get the result of a completed job',
        tags: ['jobs'],
        params: jobIdParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { type: 'string', enum: [...resultFormats], default: 'json' } },
        },
        response: {
          // The stored result is sent as it is (text), not serialised: documented only.
          200: documented(
            {
              description:
                "The result, as JSON (by the job's type: components.schemas.JobResult), markdown, plain text, HTML, JSON lines (one page a line, one chunk a line when the result has chunks, or one extracted row a line) or CSV (tables, extracted rows, or chunks)",
            },
            {
              'application/json': jobResultSchema,
              'text/markdown': { type: 'string' },
              'text/plain': { type: 'string' },
              'text/html': { type: 'string' },
              'application/x-ndjson': { type: 'string', description: 'One JSON object a line' },
              'text/csv': { type: 'string' },
            },
          ),
          409: { ...errorResponses[400], description: 'The job has no result yet' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      const body = await getJobResult(ctx, request.org.id, request.params.id, format);
      reply.type(resultContentType[format]);
      return body;
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/jobs/:id/trace',
    {
      schema: {
        operationId: 'getJobTrace',
        summary: "The trace of a job's run: stages with timings, OCR passes with scores, engine versions",
        tags: ['jobs'],
        params: jobIdParams,
        response: {
          200: documented(
            { description: 'JSON: { jobId, attempt, stages[], engines, qualityScore }' },
            { 'application/json': traceSchema },
          ),
          409: { ...errorResponses[400], description: 'The job has not finished a run yet' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      reply.type('application/json; charset=utf-8');
      return getJobTrace(ctx, request.org.id, request.params.id);
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/jobs/:id/document',
    {
      schema: {
        operationId: 'getJobDocument',
        summary: 'Download the original document',
        tags: ['jobs'],
        params: jobIdParams,
        response: {
          200: documented(
            { description: 'The uploaded bytes, as their detected media type' },
            { 'application/octet-stream': { type: 'string', format: 'binary' } },
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const job = await findJob(ctx, request.org.id, request.params.id);
      if (!job.documentKey) throw new DocjobsError('NOT_FOUND', `job ${job.id} has no document`);
      const stream = await ctx.blobs.get(job.documentKey);
      const fileName = (job.fileName ?? 'document').replace(/[^\w.\- ]+/g, '_');
      reply
        .type(job.mimeType ?? 'application/octet-stream')
        .header('content-length', job.sizeBytes)
        .header('content-disposition', `attachment; filename="${fileName}"`);
      return reply.send(stream);
    },
  );

  app.get<{ Params: IdParams & { n: number }; Querystring: { width?: number } }>(
    '/v1/jobs/:id/pages/:n/thumbnail',
    {
      schema: {
        operationId: 'getPageThumbnail',
        summary: 'A PNG of one page',
        description: 'Rendered on first request and cached.',
        tags: ['jobs'],
        params: {
          type: 'object',
          required: ['id', 'n'],
          properties: { ...jobIdParams.properties, n: { type: 'integer', minimum: 1, maximum: 100000 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { width: { type: 'integer', minimum: 16, maximum: thumbnailWidths.max } },
        },
        response: {
          200: documented(
            { description: 'image/png' },
            { 'image/png': { type: 'string', format: 'binary' } },
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      const png = await getThumbnail(
        ctx,
        request.org.id,
        request.params.id,
        request.params.n,
        request.query.width ?? thumbnailWidths.default,
        gone.signal,
      );
      reply.type('image/png').header('cache-control', 'private, max-age=3600');
      return Buffer.from(png);
    },
  );

  app.post<{ Params: IdParams }>(
    '/v1/jobs/:id/cancel',
    {
      schema: {
        operationId: 'cancelJob',
        summary: 'Cancel a queued or running job',
        description: 'Running work stops within 2 s. A terminal job answers 409.',
        tags: ['jobs'],
        params: jobIdParams,
        response: {
          200: jobSchema,
          409: { ...errorResponses[400], description: 'Already terminal' },
          ...errorResponses,
        },
      },
    },
    async (request) => publicJob(await cancelJob(ctx, request.org.id, request.params.id)),
  );

  app.post<{ Params: IdParams }>(
    '/v1/jobs/:id/retry',
    {
      schema: {
        operationId: 'retryJob',
        summary: 'Run the same request again as a new job',
        description: 'The new job has `reprocessedFrom` set to this job.',
        tags: ['jobs'],
        params: jobIdParams,
        response: { 202: jobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { job } = await retryJob(ctx, request.org.id, request.params.id);
      reply.status(202).header('location', `/v1/jobs/${job.id}`);
      return publicJob(job);
    },
  );

  app.delete<{ Params: IdParams }>(
    '/v1/jobs/:id',
    {
      schema: {
        operationId: 'deleteJob',
        summary: 'Delete a terminal job with its document, result and thumbnails',
        tags: ['jobs'],
        params: jobIdParams,
        response: {
          200: component(
            'JobDeleted',
            {
              type: 'object',
              properties: {
                jobsDeleted: { type: 'integer' },
                errors: { type: 'array', items: { type: 'object', additionalProperties: true } },
              },
            },
            {
              required: ['jobsDeleted', 'errors'],
              additionalProperties: false,
              properties: {
                jobsDeleted: { type: 'integer' },
                errors: { type: 'array', items: ref('BulkError') },
              },
            },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => deleteJob(ctx, request.org.id, request.params.id),
  );
}
