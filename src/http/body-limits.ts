import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../core/config.ts';
import { DocjobsError } from '../core/errors.ts';

/**
 * Every JSON body but a document submit's: definitions with their schemas, webhook settings, bulk
 * lists of ids. The largest of these (an extractor's JSON Schema) is a few kilobytes.
 */
export const jsonBodyLimit = 1024 * 1024;

/**
 * Deeper than any legitimate body (an extraction schema nested ten objects deep is ~22 levels).
 * A 10,000-deep body parses, but a recursive walk over it (JSON.stringify, jsonb) overflows.
 */
export const maxJsonDepth = 64;

/** Room for the fields of a multipart submit beside its file, and the part headers. */
const multipartFieldsAllowance = 1024 * 1024;

/**
 * Request size limits, installed before the routes:
 * - JSON: 1 MB, except POST /v1/jobs, which may carry a document up to MAX_UPLOAD_MB as base64
 *   (4/3 larger) plus its fields; Fastify answers 413 past it without reading further.
 * - JSON nesting: a body deeper than 64 levels is a 400 before any handler walks it.
 * - multipart: MAX_UPLOAD_MB per file is the submit route's busboy limit (one file per request);
 *   the whole request is held to that plus 1 MB, so fields, part headers, a preamble or an
 *   epilogue cannot stream on without end. A declared Content-Length over it is a 413 at once; a
 *   chunked body is counted as it streams and answered 413 as it passes the limit.
 */
export function installBodyLimits(app: FastifyInstance, config: Config): void {
  const submitLimit = submitBodyLimit(config);
  const multipartLimit = config.maxUploadBytes + multipartFieldsAllowance;
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (route.url === '/v1/jobs' && methods.includes('POST')) route.bodyLimit ??= submitLimit;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (/^multipart\//i.test(request.headers['content-type'] ?? ''))
      limitMultipart(request, reply, multipartLimit);
  });
  app.addHook('preValidation', async (request) => {
    if (deeperThan(request.body, maxJsonDepth)) {
      throw new DocjobsError(
        'VALIDATION_ERROR',
        `the JSON body is nested deeper than ${maxJsonDepth} levels`,
      );
    }
  });
}

/** A document submit's JSON limit: the document as base64 and its fields (POST /v1/jobs and its aliases). */
export const submitBodyLimit = (config: Config) => Math.ceil((config.maxUploadBytes * 4) / 3) + jsonBodyLimit;

function limitMultipart(request: FastifyRequest, reply: FastifyReply, limit: number): void {
  const tooLarge = () =>
    new DocjobsError('PAYLOAD_TOO_LARGE', `the request is larger than ${limit} bytes (MAX_UPLOAD_MB + 1 MB)`);
  const declared = request.headers['content-length'];
  // Node's parser ends a body at its Content-Length: checking the number is enough.
  if (declared !== undefined) {
    if (Number(declared) > limit) throw tooLarge();
    return;
  }
  // Chunked: count the bytes as the handler's multipart parser reads them. Paused first, so that
  // adding a listener does not start the flow before that parser is piped (no chunk is lost).
  const raw = request.raw;
  raw.pause();
  let seen = 0;
  raw.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit && seen - chunk.length <= limit) {
      // The multipart parser ends on the request's error: the handler answers 413, the rest of the
      // body stays unread, and the connection closes after the answer.
      raw.unpipe();
      reply.header('connection', 'close');
      raw.emit('error', tooLarge());
    }
  });
}

/** Iterative, so a body nested 10,000 deep is measured without a stack 10,000 frames deep. */
function deeperThan(body: unknown, limit: number): boolean {
  if (body === null || typeof body !== 'object') return false;
  const stack: [object, number][] = [[body, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [value, depth] = entry;
    if (depth > limit) return true;
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
