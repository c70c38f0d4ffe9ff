import { encodeCursor, type PageRequest } from '../../core/page-request.ts';
import type { ChunkView } from '../../core/search.ts';
import type { Sql } from '../db.ts';
import { type ChunkRow, chunkColumns, toChunkView } from './chunk-row.ts';

export interface ChunkPage {
  chunks: ChunkView[];
  total: number;
  hasMore: boolean;
  nextCursor: string | null;
}

/**
 * A job's chunks in reading order (index ascending), paged by offset or by a cursor that carries the
 * last index seen (in the shared cursor format, so the HTTP paging helpers read it). The caller has
 * checked that the job is the organisation's; the org is repeated here all the same.
 */
export async function listJobChunks(
  sql: Sql,
  orgId: string,
  jobId: string,
  page: PageRequest,
): Promise<ChunkPage> {
  const values: unknown[] = [orgId, jobId];
  let clause = 'c.org_id = $1 AND c.job_id = $2';
  const after = page.cursor ? Number.parseInt(page.cursor.id, 10) : Number.NaN;
  if (Number.isInteger(after)) {
    values.push(after);
    clause += ` AND c.idx > $${values.length}`;
  }
  const pageValues = [...values, page.limit + 1, page.cursor ? 0 : (page.offset ?? 0)];
  const n = pageValues.length;
  const [rows, counted] = await Promise.all([
    sql.query<ChunkRow>(
      `SELECT ${chunkColumns} FROM chunks c JOIN jobs j ON j.id = c.job_id
       WHERE ${clause} ORDER BY c.idx LIMIT $${n - 1} OFFSET $${n}`,
      pageValues,
    ),
    sql.query<{ total: number }>(
      'SELECT count(*)::int AS total FROM chunks WHERE org_id = $1 AND job_id = $2',
      [orgId, jobId],
    ),
  ]);
  const hasMore = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  const last = kept.at(-1);
  return {
    chunks: kept.map(toChunkView),
    total: counted[0]?.total ?? 0,
    hasMore,
    nextCursor:
      hasMore && last
        ? encodeCursor({ createdAt: new Date(last.created_at).toISOString(), id: String(last.idx) })
        : null,
  };
}
