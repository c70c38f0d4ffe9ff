/**
 * Newest-first pages, the same for every list (jobs, cases, webhook deliveries): ordered by
 * (created_at, id), paged by offset or by the (created_at, id) of the last row seen — a cursor that
 * stays right while rows are inserted — and counted under the same filter.
 */
import { encodeCursor, type PageRequest } from '../core/page-request.ts';

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The page (limit + 1 rows, to know whether more follow) and the count, for `SELECT columns FROM
 * from WHERE clause` with `values` as its parameters. `key` qualifies created_at and id when `from`
 * names its table with an alias.
 */
export function newestFirstPage(
  query: { columns: string; from: string; clause: string; values: unknown[]; key?: string },
  page: PageRequest,
): { page: Statement; count: Statement } {
  const { columns, from, clause, values, key = '' } = query;
  const pageValues = [...values];
  let pageClause = clause;
  if (page.cursor) {
    pageValues.push(page.cursor.createdAt, page.cursor.id);
    const n = pageValues.length;
    pageClause += ` AND (${key}created_at, ${key}id) < ($${n - 1}::timestamptz, $${n})`;
  }
  pageValues.push(page.limit + 1, page.cursor ? 0 : (page.offset ?? 0));
  const n = pageValues.length;
  return {
    page: {
      text: `SELECT ${columns} FROM ${from} WHERE ${pageClause}
             ORDER BY ${key}created_at DESC, ${key}id DESC LIMIT $${n - 1} OFFSET $${n}`,
      values: pageValues,
    },
    count: { text: `SELECT count(*)::int AS total FROM ${from} WHERE ${clause}`, values },
  };
}

/**
 * The rows of a page without the extra one, whether more follow, and the cursor to them: the
 * (created_at, id) of the last row kept, at the millisecond precision the API shows.
 */
export function pageOfRows<R extends { created_at: Date; id: string }>(rows: R[], limit: number) {
  const hasMore = rows.length > limit;
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  const nextCursor =
    hasMore && last
      ? encodeCursor({ createdAt: new Date(last.created_at).toISOString(), id: last.id })
      : null;
  return { rows: kept, hasMore, nextCursor };
}
