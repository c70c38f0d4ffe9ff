import type { Ranked, SearchFilters } from '../../core/search.ts';
import { allTextSearchConfigs } from '../../core/text-language.ts';
import type { Sql } from '../db.ts';
import { searchWhere } from './search-filter.ts';

/**
 * The query as a tsquery that matches a chunk in whatever language it was stored: the query parsed
 * by every configuration a chunk may have (8), OR-ed. A per-row `websearch_to_tsquery(c.language, …)`
 * would be exact but cannot use the GIN index; this is a constant the index serves. `any`: every
 * word optional (` & ` → ` | `), for natural-language questions whose words do not all occur.
 */
export function tsqueryOf(param: string, words: 'all' | 'any'): string {
  const parsed = allTextSearchConfigs.map((config) => {
    const query = `websearch_to_tsquery('${config}', ${param})`;
    return words === 'all' ? query : `replace(${query}::text, ' & ', ' | ')::tsquery`;
  });
  return `(${parsed.join(' || ')})`;
}

/**
 * Full-text ranking: chunks holding every word first (ts_rank_cd, cover density: words close
 * together rank higher; normalisation 32 maps it to 0..1), then, when fewer than `limit` hold them
 * all, chunks holding some of them. The all-words pass touches only the rows the GIN index gives
 * for the rarest word, so the common case stays in milliseconds on 100,000 chunks.
 */
export async function rankFulltext(
  sql: Sql,
  orgId: string,
  query: string,
  filters: SearchFilters,
  limit: number,
): Promise<Ranked[]> {
  const ranked = await rankWith(sql, orgId, query, filters, limit, 'all', []);
  if (ranked.length >= limit) return ranked;
  const more = await rankWith(sql, orgId, query, filters, limit - ranked.length, 'any', ranked);
  return [...ranked, ...more];
}

async function rankWith(
  sql: Sql,
  orgId: string,
  query: string,
  filters: SearchFilters,
  limit: number,
  words: 'all' | 'any',
  exclude: Ranked[],
): Promise<Ranked[]> {
  const { clause, values } = searchWhere(orgId, filters);
  values.push(query);
  const q = tsqueryOf(`$${values.length}`, words);
  let excluded = '';
  if (exclude.length > 0) {
    values.push(exclude.map((hit) => `${hit.jobId}:${hit.index}`));
    excluded = ` AND NOT (c.job_id || ':' || c.idx) = ANY($${values.length}::text[])`;
  }
  values.push(limit);
  const rows = await sql.query<{ job_id: string; idx: number; score: number }>(
    `SELECT c.job_id, c.idx, ts_rank_cd(c.tsv, ${q}, 32) AS score
     FROM chunks c JOIN jobs j ON j.id = c.job_id
     WHERE ${clause} AND c.tsv @@ ${q}${excluded}
     ORDER BY score DESC, c.job_id, c.idx
     LIMIT $${values.length}`,
    values,
  );
  return rows.map((row) => ({ jobId: row.job_id, index: row.idx, score: Number(row.score) }));
}
