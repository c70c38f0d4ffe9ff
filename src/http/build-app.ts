import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { ulid } from '../core/ids.ts';
import type { Context } from '../services/context.ts';
import { installApiDocs } from './api-docs.ts';
import { installAuth } from './auth.ts';
import { installBodyLimits, jsonBodyLimit } from './body-limits.ts';
import { installCors } from './cors.ts';
import { installDrainOnClose } from './drain-on-close.ts';
import { installErrorEnvelope } from './error-envelope.ts';
import { installJsonBody } from './json-body.ts';
import { lazyCompilers } from './lazy-compilers.ts';
import { installMediaTypes } from './media-types.ts';
import { QuietPollsLogController } from './poll-logging.ts';
import { installRateLimit } from './rate-limit.ts';
import { bulkRoutes } from './routes/bulk-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { chunksRoute } from './routes/chunks-route.ts';
import { consoleRoutes } from './routes/console-route.ts';
import { definitionRoutes } from './routes/definition-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { exportRoute } from './routes/export-route.ts';
import { figureRoute } from './routes/figure-route.ts';
import { fillRoutes } from './routes/fill-routes.ts';
import { jobRoutes } from './routes/job-routes.ts';
import { keyRoutes } from './routes/key-routes.ts';
import { listRoute } from './routes/list-route.ts';
import { meRoute } from './routes/me-route.ts';
import { metricsRoute } from './routes/metrics-route.ts';
import { operationRoute } from './routes/operation-route.ts';
import { opsRoutes } from './routes/ops-routes.ts';
import { outputRoute } from './routes/output-route.ts';
import { pagesRoute } from './routes/pages-route.ts';
import { partsRoute } from './routes/parts-route.ts';
import { schemaRoutes } from './routes/schema-routes.ts';
import { searchRoutes } from './routes/search.ts';
import { statsRoutes } from './routes/stats-routes.ts';
import { submitRoute } from './routes/submit-route.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import { webhookTestRoute } from './routes/webhook-test-route.ts';
import { installSecurityHeaders } from './security-headers.ts';

const version = '0.1.0';

const compileAllOf = new WeakMap<FastifyInstance, () => void>();

/** Compile every route schema of a ready app now (they compile on first use: lazy-compilers.ts). */
export function compileAllSchemas(app: FastifyInstance): void {
  compileAllOf.get(app)?.();
}

/** The HTTP API over a context. Tests drive it with app.inject(); `serve` listens on a port. */
export async function buildApp(
  ctx: Context,
  options: {
    logger?: boolean;
    /** Where the log goes instead of stdout (tests read it). */
    logDestination?: { write(line: string): void };
  } = {},
): Promise<FastifyInstance> {
  const compilers = lazyCompilers();
  const app = Fastify({
    schemaController: { compilersFactory: compilers.compilersFactory },
    // Fastify's request serializer logs no headers; the redaction keeps keys out should one be added.
    logger: options.logger
      ? {
          level: ctx.config.logLevel,
          redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
          ...(options.logDestination ? { stream: options.logDestination } : {}),
        }
      : false,
    logController: new QuietPollsLogController(), // /healthz, /readyz and /metrics polls at debug
    genReqId: () => `req_${ulid().toLowerCase()}`,
    // The document submit has its own, larger limit (body-limits.ts).
    bodyLimit: jsonBodyLimit,
    ajv: {
      customOptions: {
        removeAdditional: false, // unknown fields are a 400 naming them, not silently dropped
        coerceTypes: 'array', // ?status=a&status=b and ?status=a both arrive as arrays
        allErrors: false,
        // Errors carry the failing schema and value: the envelope lists an enum's values and the
        // known fields nearest an unknown one (error-envelope.ts).
        verbose: true,
        // The multipart body schema has no `type` on purpose (see submit-route.ts).
        strictTypes: false,
      },
    },
  });
  installErrorEnvelope(app);
  installJsonBody(app); // strict UTF-8, and no text PostgreSQL cannot store
  installMediaTypes(app); // a text/plain body is a 415 naming the types a route reads
  installSecurityHeaders(app);
  installCors(app, ctx.config.corsOrigins); // before auth: preflights come without a key
  installDrainOnClose(app);
  await app.register(multipart, { throwFileSizeLimit: true });
  installApiDocs(app, {
    openapi: '3.1.0',
    info: {
      title: 'docjobs',
      version,
      description: 'Document-processing jobs: submit, follow, fetch results.',
    },
    components: {
      schemas: {}, // the named schemas of the routes (schemas/registry.ts), added as the document is made
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
    security: [{ bearer: [] }, { apiKey: [] }],
  });
  installAuth(app, ctx);
  installRateLimit(app, ctx); // after auth: counts valid keys only
  installBodyLimits(app, ctx.config); // before the routes: it sets the submit route's limit
  opsRoutes(app, ctx);
  consoleRoutes(app);
  const live = eventRoutes(app, ctx);
  metricsRoute(app, ctx, { liveStreams: () => live.size });
  submitRoute(app, ctx);
  listRoute(app, ctx);
  statsRoutes(app, ctx);
  exportRoute(app, ctx);
  bulkRoutes(app, ctx);
  jobRoutes(app, ctx);
  figureRoute(app, ctx);
  pagesRoute(app, ctx);
  outputRoute(app, ctx);
  fillRoutes(app, ctx);
  partsRoute(app, ctx);
  operationRoute(app, ctx);
  schemaRoutes(app, ctx);
  caseRoutes(app, ctx);
  definitionRoutes(app, ctx);
  webhookRoutes(app, ctx);
  webhookTestRoute(app, ctx);
  meRoute(app, ctx);
  keyRoutes(app, ctx);
  searchRoutes(app, ctx);
  chunksRoute(app, ctx);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  compileAllOf.set(app, compilers.compileAll);
  return app;
}
