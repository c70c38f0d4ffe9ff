import type { Ranked, SearchFilters } from '../../core/search.ts';
import { allTextSearchConfigs } from '../../core/text-language.ts';
import type { Sql } from '../db.ts';
import { searchWhere } from './search-filter.ts';

/**
 * The query as a tsquery that matches a chunk in whatever language it was stored: parsed by each
 * configuration the organisation's chunks use, OR-ed. A per-row `websearch_to_tsquery(c.language, …)`
 * would be exact but cannot use the GIN index; this is a constant the index serves. `any`: every
 * word optional (` & ` → ` | `), for natural-language questions whose words do not all occur.
 */
export function tsqueryOf(
  param: string,
  words: 'all' | 'any',
  configs: readonly string[] = allTextSearchConfigs,
): string {
  const known = configs.filter((config) => (allTextSearchConfigs as readonly string[]).includes(config));
  const parsed = (known.length > 0 ? known : ['simple']).map((config) => {
    const query = `websearch_to_tsquery('${config}', ${param})`;
    return words === 'all' ? query : `replace(${query}::text, ' & ', ' | ')::tsquery`;
  });
  return `(${parsed.join(' || ')})`;
}

/**
 * The configurations the organisation's chunks are stored in: a loose scan of chunks_org_language,
 * one index probe per language. Each one more in the query costs its GIN lookups and ranking: one
 * language instead of all 8 halved a common-word query on 100,000 chunks.
 */
export async function orgLanguages(sql: Sql, orgId: string): Promise<string[]> {
  const rows = await sql.query<{ language: string }>(
    `WITH RECURSIVE l AS (
       (SELECT language FROM chunks WHERE org_id = $1 ORDER BY language LIMIT 1)
       UNION ALL
       SELECT (SELECT c.language FROM chunks c WHERE c.org_id = $1 AND c.language > l.language
               ORDER BY c.language LIMIT 1)
       FROM l WHERE l.language IS NOT NULL
     )
     SELECT language FROM l WHERE language IS NOT NULL`,
    [orgId],
  );
  return rows.map((row) => row.language);
}

/**
 * Full-text ranking: chunks holding every word first, then, when fewer than `limit` hold them all,
 * chunks holding some of them. The all-words pass touches only the rows the GIN index gives for the
 * rarest word, so the common case stays in milliseconds on 100,000 chunks. Normalisation 32 maps
 * either rank to 0..1 (order unchanged); length normalisation (flags 1, 2, 4, 16) moved structure
 * chunks' recall@5 by -1 to +1 of bench/retrieval.ts's 53 questions and lowered naive windows' by
 * up to 2: no gain.
 */
export async function rankFulltext(
  sql: Sql,
  orgId: string,
  query: string,
  filters: SearchFilters,
  limit: number,
): Promise<Ranked[]> {
  const configs = await orgLanguages(sql, orgId);
  if (configs.length === 0) return [];
  const ranked = await rankWith(sql, orgId, query, filters, limit, 'all', [], configs);
  if (ranked.length >= limit) return ranked;
  const more = await rankWith(sql, orgId, query, filters, limit - ranked.length, 'any', ranked, configs);
  return [...ranked, ...more];
}

/**
 * Ranking costs ~20 µs a chunk on PostgreSQL and ~3x that on PGlite, and a query's words may all be
 * common ("table", "model results": in 12 % of bench/search.ts's 100,000 chunks). So the chunks
 * ranked are the first this many the GIN index gives (in table order, not by relevance): all of
 * them for any query whose words are in fewer chunks, which is what a selective question is.
 */
const allWordCandidates = 5000;
/** The same for chunks holding some of the words, the fallback of a question no chunk answers whole. */
const anyWordCandidates = 2000;

/**
 * Every word present: ts_rank_cd, cover density, ranks the chunks where they stand close together
 * first. Some words: ts_rank, whose weight for each query word grows ever more slowly with its
 * occurrences (BM25's saturation) and which sums over the words found, so a chunk that repeats one
 * common word of the question does not beat one holding three of its words. ts_rank_cd counts each
 * occurrence of any word as a cover, linearly: with it for this pass, structure fulltext MRR@10 was
 * 0.839 against 0.922 (bench/retrieval.ts, 53 questions; recall@5 0.962 either way).
 */
const rankFunction = { all: 'ts_rank_cd', any: 'ts_rank' } as const;

async function rankWith(
  sql: Sql,
  orgId: string,
  query: string,
  filters: SearchFilters,
  limit: number,
  words: 'all' | 'any',
  exclude: Ranked[],
  configs: string[],
): Promise<Ranked[]> {
  const where = searchWhere(orgId, filters);
  const values = where.values;
  values.push(query);
  const q = tsqueryOf(`$${values.length}`, words, configs);
  let excluded = '';
  if (exclude.length > 0) {
    values.push(exclude.map((hit) => `${hit.jobId}:${hit.index}`));
    excluded = ` AND NOT (c.job_id || ':' || c.idx) = ANY($${values.length}::text[])`;
  }
  values.push(limit);
  const cap = `LIMIT ${words === 'all' ? allWordCandidates : anyWordCandidates}`;
  // The job filters before the cap, or a selective one could be left with nothing of the first
  // 5,000: the matching jobs' ids as an array computed once (an initplan), not a join to plan.
  const ofJobs = where.filtersJobs
    ? ` AND c.job_id = ANY(ARRAY(SELECT j.id FROM jobs j WHERE j.org_id = $1 AND ${where.jobs}))`
    : '';
  // MATERIALIZED: the GIN index is read once, then the jobs joined. Inlined, a planner without
  // statistics on jobs (PGlite never runs autovacuum) chose a nested loop that read the GIN index
  // once per job: 11 s on 100,000 chunks of 1,000 jobs.
  const rows = await sql.query<{ job_id: string; idx: number; score: number }>(
    `WITH ranked AS MATERIALIZED (
       SELECT c.job_id, c.idx, ${rankFunction[words]}(c.tsv, ${q}, 32) AS score FROM chunks c
       WHERE ${where.chunks}${ofJobs} AND c.tsv @@ ${q}${excluded} ${cap}
     )
     SELECT r.job_id, r.idx, r.score FROM ranked r JOIN jobs j ON j.id = r.job_id
     WHERE ${where.jobs}
     ORDER BY r.score DESC, r.job_id, r.idx
     LIMIT $${values.length}`,
    values,
  );
  return rows.map((row) => ({ jobId: row.job_id, index: row.idx, score: Number(row.score) }));
}
