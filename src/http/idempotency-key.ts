import type { FastifyRequest } from 'fastify';
import { DocjobsError } from '../core/errors.ts';

/** The Idempotency-Key header: the same key and request give the same job. */
export const readIdempotencyKey = (request: FastifyRequest): string | null => {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
    throw new DocjobsError('VALIDATION_ERROR', 'Idempotency-Key must be 1 to 255 characters', {
      details: { field: 'Idempotency-Key' },
    });
  }
  return key;
};
