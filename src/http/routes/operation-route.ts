import type { FastifyInstance } from 'fastify';
import { publicJob } from '../../core/job.ts';
import type { Context } from '../../services/context.ts';
import { findJob } from '../../services/find-job.ts';
import { maxTimeoutSeconds } from '../../services/limits.ts';
import { type OperationRequest, operationTypes, runOperation } from '../../services/submit-operation.ts';
import { readIdempotencyKey } from '../idempotency-key.ts';
import { metadataValuesAreStrings } from '../metadata-guard.ts';
import { component } from '../schemas/registry.ts';
import { errorResponses, jobIdParams, jobSchema, metadataSchema } from '../schemas.ts';
import { taskFieldSchemas } from '../task-schemas.ts';

const { schema, extractorId, prompt, categories, classifierId, engine } = taskFieldSchemas;

export function operationRoute(app: FastifyInstance, ctx: Context): void {
  app.post<{ Params: { id: string }; Body: OperationRequest }>(
    '/v1/jobs/:id/operations',
    {
      // Another organisation's (or an unknown) job is a 404 whatever the body: looked up first.
      preValidation: [
        async (request) => {
          await findJob(ctx, request.org.id, request.params.id);
        },
        metadataValuesAreStrings,
      ],
      schema: {
        operationId: 'runOperation',
        summary: "Run another extraction, classification or question on a job's content",
        description:
          'A new job that depends on this one and reuses its parsed pages (no second parse or OCR); it starts when this job has ended. `prompt` needs the LLM engine (LLM_BASE_URL).',
        tags: ['jobs'],
        params: jobIdParams,
        body: component('OperationRequest', {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          properties: {
            type: { type: 'string', enum: [...operationTypes] },
            schema,
            extractorId,
            prompt,
            categories,
            classifierId,
            engine,
            metadata: metadataSchema,
            webhookUrl: { type: 'string', maxLength: 2048 },
            priority: { type: 'integer', minimum: -100, maximum: 100 },
            timeoutSeconds: { type: 'integer', minimum: 1, maximum: maxTimeoutSeconds },
          },
        }),
        response: { 200: jobSchema, 202: jobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { job, created } = await runOperation(
        ctx,
        request.org.id,
        request.params.id,
        request.body,
        readIdempotencyKey(request),
      );
      reply.status(created ? 202 : 200).header('location', `/v1/jobs/${job.id}`);
      return publicJob(job);
    },
  );
}
