import type { FastifyInstance } from 'fastify';
import { DocjobsError } from '../core/errors.ts';
import { findUnstorableText } from '../core/storable-text.ts';
import { maxJsonDepth } from './body-limits.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const escapes = /\\u(0000|[dD][89a-fA-F])/;

/**
 * Fastify's JSON parser, with two refusals in front of it, both a 400 VALIDATION_ERROR:
 * - bytes that are not UTF-8 (RFC 8259 §8.1: JSON exchanged between systems is UTF-8). Fastify
 *   decodes with replacement, so `{"fileName":"a\xff"}` used to be stored as "a\ufffd": garbage
 *   the client never sent, accepted without a word.
 * - strings and keys PostgreSQL cannot store: "\u0000" and unpaired surrogates. They are valid
 *   JSON, but the INSERT of a job, extractor, case or webhook setting failed on them with a 500.
 * - nesting deeper than body-limits.ts allows, counted on the text before it is parsed: a 10 MB
 *   body of `[[[[…` is five million nested arrays, ~300 MB of heap and seconds of a blocked event
 *   loop to build (the 134 MB a default submit may send would exhaust the heap) only for the
 *   depth check to refuse them afterwards.
 * The prototype-poisoning protection and the empty-body answer are Fastify's own; its invalid-JSON
 * answer ("Body is not valid JSON but content-type is set to 'application/json'") gets the place.
 */
export function installJsonBody(app: FastifyInstance): void {
  const { onProtoPoisoning, onConstructorPoisoning } = app.initialConfig;
  const parseJson = app.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new DocjobsError('VALIDATION_ERROR', 'the JSON body is not valid UTF-8'), undefined);
      return;
    }
    if (nestedDeeperThan(text, maxJsonDepth)) {
      done(
        new DocjobsError('VALIDATION_ERROR', `the JSON body is nested deeper than ${maxJsonDepth} levels`),
        undefined,
      );
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(invalidJson(error, text), undefined);
      // Strict UTF-8 cannot decode to NUL-in-a-string or a lone surrogate: only the escapes \u0000
      // and \ud800-\udfff make them, so most bodies (a base64 document) skip the walk.
      const fault = escapes.test(text) ? findUnstorableText(parsed) : null;
      if (fault) {
        done(
          new DocjobsError('VALIDATION_ERROR', fault.message, { details: { field: fault.field } }),
          undefined,
        );
        return;
      }
      done(null, parsed);
    });
  });
}

/** Fastify's invalid-JSON error with JSON.parse's own words: what was expected, at which line and column. */
function invalidJson(error: Error & { code?: string }, text: string): Error {
  if (error.code !== 'FST_ERR_CTP_INVALID_JSON_BODY') return error;
  try {
    JSON.parse(text);
  } catch (syntax) {
    return new DocjobsError('VALIDATION_ERROR', `the body is not valid JSON: ${(syntax as Error).message}`);
  }
  return error;
}

/** Brackets outside strings, counted in one pass: ~3 ms a megabyte. Malformed text is JSON.parse's to refuse. */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
