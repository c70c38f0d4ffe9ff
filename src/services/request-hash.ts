import { createHash } from 'node:crypto';

/**
 * What makes two submits with one Idempotency-Key "the same request": every field the client sent,
 * with object keys sorted, and the document's SHA-256 (or a stand-in for a job without one).
 */
export function hashRequest(fields: unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify(fields.map(sortKeys)))
    .digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
}
