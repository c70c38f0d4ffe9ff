import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ConsoleFile, gzipOf, readConsoleFiles } from '../console-files.ts';

/**
 * The console (web/) at `/`, served by the API server itself: no second process. The API stays
 * under /v1; these few page paths answer the console's index.html, and the console's router
 * (web/src/router.tsx) picks the page. Any other path keeps the API's JSON 404.
 */
export const consolePages = ['/', '/jobs', '/jobs/*', '/upload', '/stats', '/settings', '/settings/*'];

const notBuilt = `<!doctype html><html lang="en"><meta charset="utf-8"><title>docjobs</title>
<h1>The console is not built</h1><p>Build it with <code>npm run build:web</code> (<code>npm install</code>
does it), then reload. The API is at <a href="/docs">/docs</a>.</p></html>`;

export function consoleRoutes(app: FastifyInstance): void {
  const files = readConsoleFiles();
  const index = files.get('/index.html');
  const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!index) return reply.code(404).type('text/html; charset=utf-8').send(notBuilt);
    return send(request, reply, index);
  };
  for (const path of consolePages) app.get(path, { schema: { hide: true } }, sendIndex);
  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const file = files.get(request.url.split('?', 1)[0]!);
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return send(request, reply, file);
  });
}

function send(request: FastifyRequest, reply: FastifyReply, file: ConsoleFile) {
  // index.html is asked again each time (it names the current assets); assets are kept a year.
  reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  reply.header('vary', 'accept-encoding');
  reply.type(file.type);
  const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (file.compressible && acceptsGzip) {
    reply.header('content-encoding', 'gzip');
    return reply.send(gzipOf(file));
  }
  return reply.send(file.body);
}
