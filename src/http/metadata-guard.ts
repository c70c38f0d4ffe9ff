import type { FastifyRequest } from 'fastify';
import { DocjobsError } from '../core/errors.ts';

/**
 * A route's `preValidation`: metadata values in a JSON body must be strings as sent. The schema
 * says so, but Fastify's validator coerces types (`coerceTypes: 'array'`, which query strings
 * need), so `{"k": 42}` was stored as "42", `{"k": null}` as "" and `{"k": ["a"]}` as "a", while a
 * multipart submit refuses the same values. The limits (keys, lengths) stay the schema's to check.
 */
export async function metadataValuesAreStrings(request: FastifyRequest): Promise<void> {
  const metadata = (request.body as { metadata?: unknown } | undefined)?.metadata;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return;
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      throw new DocjobsError('VALIDATION_ERROR', `metadata.${key} must be a string, not ${kind}`, {
        details: { field: `metadata.${key}` },
      });
    }
  }
}
