import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * What load balancers, orchestrators and Prometheus poll, every few seconds each: at info level they
 * buried everything else (two lines per poll: a Kubernetes probe every 10 s and a scrape every
 * 15 s make ~30,000 lines a day that say nothing).
 */
export const pollRoutes: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Fastify's request lines ("incoming request", "request completed") at debug for a poll that
 * succeeds, and as usual for every other request. A poll that fails (/readyz answering 503, a
 * scrape that errors) keeps its info or error line: that is the one an operator looks for.
 */
export class QuietPollsLogController extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>) {
    if (!isPoll(request)) return super.incomingRequest(request, reply, metadata);
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
    metadata?: Record<string, unknown>,
  ) {
    if (error || !isPoll(request) || reply.statusCode >= 400)
      return super.requestCompleted(error, request, reply, metadata);
    if (!this.isLogDisabled(request))
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

const isPoll = (request: FastifyRequest) => pollRoutes.has(request.routeOptions.url ?? '');
