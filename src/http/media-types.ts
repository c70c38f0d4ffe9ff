import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DocjobsError } from '../core/errors.ts';

/**
 * Bodies come as JSON, or as multipart/form-data on the submit; anything else is a 415
 * UNSUPPORTED_MEDIA_TYPE that names the types the route reads. Fastify answers a type it has no
 * parser for with a bare "Unsupported Media Type" (the envelope words it with this message), but it
 * reads text/plain itself: a JSON submit sent as text/plain (curl --data-binary with -H
 * 'content-type: text/plain', fetch() with a string body) reached the route as a string and got a
 * misleading "send a document". Its parser is replaced by one that takes an empty body (a POST
 * with no body that still names a type, as fetch() does for `body: ''`) and refuses any other.
 */
export function installMediaTypes(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (request, body, done) => {
    if ((body as Buffer).length === 0) return done(null, undefined);
    done(new DocjobsError('UNSUPPORTED_MEDIA_TYPE', unsupportedMediaType(request)), undefined);
  });
}

/** The route's accepted types from its schema (the submit: JSON or multipart), else JSON. */
export function unsupportedMediaType(request: FastifyRequest): string {
  const body = request.routeOptions.schema?.body as { content?: Record<string, unknown> } | undefined;
  const accepted = body?.content ? Object.keys(body.content) : ['application/json'];
  const sent = request.headers['content-type'];
  const what = sent ? `Content-Type "${sent.slice(0, 100)}"` : 'a body without a Content-Type';
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
  return `${route} does not read ${what}; send ${accepted.join(' or ')}`;
}
