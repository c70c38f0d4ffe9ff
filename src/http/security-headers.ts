import type { FastifyInstance } from 'fastify';
import { consolePages } from './routes/console-route.ts';

/** The API answers JSON and files: nothing in it may load, run or be framed. */
const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * The Swagger UI at /docs (api-docs.ts) is a page of its own: its scripts, styles and
 * images come from /docs/static, it fetches the spec from /docs/json, and swagger-ui sets inline
 * styles (hence 'unsafe-inline' for styles only; no inline script runs). Its validator badge is
 * off (validatorUrl null), so nothing is loaded from another host.
 */
const docsPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The console (web/, console-route.ts): its own scripts and styles only, no inline script; page
 * images come back from the API as blobs (blob: URLs), a document preview may be a blob: frame.
 * React sets styles through the CSSOM, which style-src does not govern.
 */
const consolePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const isConsolePath = (path: string) =>
  path === '/' ||
  path.startsWith('/assets/') ||
  consolePages.some((page) => (page.endsWith('/*') ? path.startsWith(page.slice(0, -1)) : path === page));

/**
 * Security headers on every response. They are set on the raw response when the request arrives
 * rather than in onSend, so that they also reach what onSend never sees: the server-sent event
 * streams (they hijack the reply) and the 401s thrown by the auth hook. A route that sets one of
 * them itself (a result's Cache-Control, the SSE stream's) wins: Node merges these with the
 * headers of writeHead, which take precedence. Node and Fastify send no Server or X-Powered-By.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const raw = reply.raw;
    const path = request.url.split('?', 1)[0]!;
    raw.setHeader('x-content-type-options', 'nosniff');
    raw.setHeader('x-frame-options', 'DENY');
    raw.setHeader('referrer-policy', 'no-referrer');
    const docs = path === '/docs' || path.startsWith('/docs/');
    raw.setHeader(
      'content-security-policy',
      docs ? docsPolicy : isConsolePath(path) ? consolePolicy : apiPolicy,
    );
    // Jobs, results and keys are private: no shared or browser cache keeps them.
    if (path.startsWith('/v1/')) raw.setHeader('cache-control', 'no-store');
  });
}
