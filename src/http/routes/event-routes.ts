import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jobTypes } from '../../core/job.ts';
import { type JobStatus, jobStatuses } from '../../core/job-status.ts';
import type { Context } from '../../services/context.ts';
import {
  type EventSink,
  type LiveEvent,
  LiveEvents,
  type LiveFilter,
  type Subscription,
} from '../../services/live-events/live-events.ts';
import { eventStream } from '../schemas/job-docs.ts';
import { documented } from '../schemas/registry.ts';
import { errorResponses, jobIdParams } from '../schemas.ts';

interface EventsQuery {
  status?: JobStatus[];
  type?: LiveFilter['type'];
  [metadataFilter: `metadata.${string}`]: string;
}

const eventsDescription = `Server-sent events (text/event-stream). Events: \`state\` (the whole job, the first event of each job on a stream), \`status\`, \`stage\`, \`pages\` (pagesDone/pagesTotal), \`progress\`, \`quality\` (on completion) and, on a per-job stream, \`end\` after the terminal status. Each \`data:\` is JSON with the job \`id\`. A \`: keep-alive\` comment comes every 15 s. Changes are told as differences between reads of the job, so a burst of writes may arrive as one event per field. \`Last-Event-ID\` is not supported (events carry no ids): a stream opened again starts from the job's current state.`;

/**
 * GET /v1/jobs/{id}/events and GET /v1/events. The streams are fed by one LISTEN per process
 * (services/live-events); this file only turns events into text/event-stream. Returns the hub so
 * that /metrics can count open streams.
 */
export function eventRoutes(app: FastifyInstance, ctx: Context): LiveEvents {
  const live = new LiveEvents(ctx.db);
  // Before the server closes: an open stream would otherwise hold close() until its client leaves.
  app.addHook('preClose', async () => live.close());

  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id/events',
    {
      schema: {
        operationId: 'streamJobEvents',
        summary: "Follow a job's status, stage, pages, progress and quality as server-sent events",
        description: `${eventsDescription} The stream ends after the job's terminal status (at once for a job already finished).`,
        tags: ['jobs'],
        params: jobIdParams,
        produces: ['text/event-stream'],
        response: { 200: documented({ description: 'text/event-stream' }, eventStream), ...errorResponses },
      },
    },
    async (request, reply) => {
      const stream = new SseStream(reply);
      // A foreign or unknown id throws NOT_FOUND here, before anything is written.
      const subscription = await live.followJob(request.org.id, request.params.id, stream);
      stream.open(request, subscription);
    },
  );

  app.get<{ Querystring: EventsQuery }>(
    '/v1/events',
    {
      schema: {
        operationId: 'streamEvents',
        summary: "Follow the changes of your organisation's jobs as server-sent events",
        description: `${eventsDescription} Filters as on GET /v1/jobs: \`status\` (repeatable), \`type\`, \`metadata.KEY=VALUE\`; a change is sent when the job after it matches. Jobs are followed from when the stream opens: list them with GET /v1/jobs for the state before.`,
        tags: ['jobs'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'array', items: { type: 'string', enum: [...jobStatuses] } },
            type: { type: 'string', enum: [...jobTypes] },
          },
          patternProperties: { '^metadata\\.': { type: 'string', maxLength: 512 } },
        },
        produces: ['text/event-stream'],
        response: { 200: documented({ description: 'text/event-stream' }, eventStream), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { status, type, ...rest } = request.query;
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(rest)) {
        if (name.startsWith('metadata.')) metadata[name.slice('metadata.'.length)] = String(value);
      }
      const stream = new SseStream(reply);
      const subscription = await live.followOrg(request.org.id, { statuses: status, type, metadata }, stream);
      stream.open(request, subscription);
    },
  );
  return live;
}

/** One text/event-stream response, written on the raw socket (Fastify does not buffer it). */
class SseStream implements EventSink {
  readonly #reply: FastifyReply;
  #started = false;

  constructor(reply: FastifyReply) {
    this.#reply = reply;
  }

  /** Take the response over from Fastify, and stop following when the client goes. */
  open(request: FastifyRequest, subscription: Subscription): void {
    this.#start();
    const raw = this.#reply.raw;
    raw.on('drain', () => subscription.resume());
    raw.once('close', () => subscription.stop());
    // Gone while the subscription was being made: 'close' has already fired. (Not
    // request.raw.destroyed: a request stream is also destroyed once its body has been read.)
    if (raw.destroyed || (request.raw.socket?.destroyed ?? true)) subscription.stop();
  }

  send(events: LiveEvent[]): boolean {
    this.#start();
    const raw = this.#reply.raw;
    if (raw.writableEnded || raw.destroyed) return true;
    // JSON.stringify escapes newlines, so each data field is one line.
    return raw.write(events.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`).join(''));
  }

  keepAlive(): void {
    const raw = this.#reply.raw;
    if (this.#started && !raw.writableEnded && !raw.destroyed) raw.write(': keep-alive\n\n');
  }

  end(): void {
    this.#start();
    if (!this.#reply.raw.writableEnded) this.#reply.raw.end();
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#reply.hijack();
    this.#reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: pass events through as they come
      'x-request-id': this.#reply.request.id,
    });
    this.#reply.raw.flushHeaders(); // the client knows the stream is open before the first event
  }
}
