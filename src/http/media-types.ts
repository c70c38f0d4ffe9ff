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
 *
 * multipart/* is parsed by no one: @fastify/multipart's parser leaves the body for the handler to
 * stream, so a form sent to a JSON route reached its schema as no body ("body must be object", a
 * 400) or, on a route whose body is optional (retry, cancel), was taken as an empty one. A route
 * that does not list the multipart type sent answers the same 415 as any other type it cannot read.
 */
export function installMediaTypes(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (request, body, done) => {
    if ((body as Buffer).length === 0) return done(null, undefined);
    done(new DocjobsError('UNSUPPORTED_MEDIA_TYPE', unsupportedMediaType(request)), undefined);
  });
  app.addHook('preValidation', async (request, reply) => {
    const sent = mediaType(request.headers['content-type']);
    if (!sent.startsWith('multipart/') || acceptedTypes(request).includes(sent)) return;
    if (request.method === 'GET' || request.method === 'HEAD') return; // Fastify reads no body there
    // The body stays unread: the connection closes after the answer instead of draining it.
    reply.header('connection', 'close');
    throw new DocjobsError('UNSUPPORTED_MEDIA_TYPE', unsupportedMediaType(request));
  });
}

/** `Multipart/Form-Data; boundary=…` → `multipart/form-data`. */
const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** The types a route's schema lists (the submit: JSON or multipart), else JSON. */
function acceptedTypes(request: FastifyRequest): string[] {
  const body = request.routeOptions.schema?.body as { content?: Record<string, unknown> } | undefined;
  return body?.content ? Object.keys(body.content) : ['application/json'];
}

/** What a route answers a type it cannot read with: the type sent and the ones it accepts. */
export function unsupportedMediaType(request: FastifyRequest): string {
  const accepted = acceptedTypes(request);
  // The type without its parameters: a multipart boundary or a charset says nothing to fix.
  const sent = mediaType(request.headers['content-type']);
  const what = sent ? `Content-Type "${sent.slice(0, 100)}"` : 'a body without a Content-Type';
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
  return `${route} does not read ${what}; send ${accepted.join(' or ')}`;
}
