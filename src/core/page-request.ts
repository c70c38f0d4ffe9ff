/**
 * What a newest-first list page asks for, the same on every list (jobs, cases, webhook deliveries):
 * a limit, then an offset or a cursor — the (created_at, id) of the last row seen, which stays right
 * while rows are inserted. The cursor travels as opaque base64url text.
 */

export interface Cursor {
  createdAt: string;
  id: string;
}

export interface PageRequest {
  limit: number;
  offset?: number;
  cursor?: Cursor;
}

export const encodeCursor = (row: Cursor) => Buffer.from(`${row.createdAt}|${row.id}`).toString('base64url');

export function decodeCursor(cursor: string): Cursor | null {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || rest.length > 0 || Number.isNaN(Date.parse(createdAt))) return null;
  return { createdAt, id };
}
