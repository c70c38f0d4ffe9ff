/**
 * Paging, the same on every list (jobs, webhook deliveries, cases): `limit`, then `offset` or the
 * `nextCursor` of the previous page, answered as `{<items>, total, hasMore, nextCursor}`.
 */
import { DocjobsError } from '../core/errors.ts';
import { type Cursor, decodeCursor, type PageRequest } from '../core/page-request.ts';

export const maxListLimit = 500;

export const pagingProperties = {
  limit: { type: 'integer', minimum: 1, maximum: maxListLimit, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
  cursor: { type: 'string', maxLength: 200 },
} as const;

export interface PagingQuery {
  limit?: number;
  offset?: number;
  cursor?: string;
}

/** The response schema of a page of `items` under the name `name`. */
export function pageSchema(name: string, items: Record<string, unknown>) {
  return {
    type: 'object',
    properties: {
      [name]: { type: 'array', items },
      total: { type: 'integer' },
      hasMore: { type: 'boolean' },
      nextCursor: { type: ['string', 'null'] },
    },
  } as const;
}

export function readCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodeCursor(raw);
  if (!cursor) {
    throw new DocjobsError('VALIDATION_ERROR', 'cursor is not one this API returned', {
      details: { field: 'cursor' },
    });
  }
  return cursor;
}

export function readPageRequest(query: PagingQuery): PageRequest {
  if (query.cursor !== undefined && query.offset !== undefined) {
    throw new DocjobsError('VALIDATION_ERROR', 'use offset or cursor, not both', {
      details: { field: 'cursor' },
    });
  }
  return { limit: query.limit ?? 50, offset: query.offset, cursor: readCursor(query.cursor) };
}
