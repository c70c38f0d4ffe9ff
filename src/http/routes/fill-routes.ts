/**
 * The peer-compatible routes of issue 19 for filling forms: each submits a `fill` job, taking the
 * body POST /v1/jobs takes (type may be left out) and answering as it does. Agent fill writes at
 * the printed blanks even when the PDF has fields (options.mode defaults to "agent").
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../services/context.ts';
import { submitHandler, submitRouteOptions } from './submit-route.ts';

export function fillRoutes(app: FastifyInstance, ctx: Context): void {
  app.post(
    '/v1/edit/templates/fill',
    submitRouteOptions(ctx, {
      operationId: 'fillTemplate',
      summary: 'Fill a PDF form (a fill job)',
      description:
        "POST /v1/jobs with type fill: the PDF's AcroForm fields filled from options.data (or, for a PDF without fields, the values written at its blanks). The same body and answer as POST /v1/jobs; the filled PDF is GET /v1/jobs/{id}/output once the job completes.",
    }),
    submitHandler(ctx, { type: 'fill', defaults: {} }),
  );
  app.post(
    '/v1/edit/agent/fill',
    submitRouteOptions(ctx, {
      operationId: 'agentFill',
      summary: 'Fill a printed form at its blanks (a fill job, mode agent)',
      description:
        'POST /v1/jobs with type fill and options.mode "agent": each value of options.data written at the blank line or box next to the label that names it (the LLM decides the mapping when one is configured). The same body and answer as POST /v1/jobs; the filled PDF is GET /v1/jobs/{id}/output.',
    }),
    submitHandler(ctx, { type: 'fill', defaults: { mode: 'agent' } }),
  );
}
