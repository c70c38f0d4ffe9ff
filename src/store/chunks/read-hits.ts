import type { Ranked, SearchHit } from '../../core/search.ts';
import type { Sql } from '../db.ts';
import { type ChunkRow, fileNameOf } from './chunk-row.ts';
import { orgLanguages, tsqueryOf } from './search-fulltext.ts';

/**
 * The chunks of a ranking, in its order, with a snippet: ts_headline in the chunk's own language
 * (up to 2 fragments of 15-35 words around the query's words, marked). Run on the final topK only:
 * ts_headline re-parses the chunk's text, ~0.1-0.5 ms a chunk.
 */
export async function readHits(
  sql: Sql,
  orgId: string,
  query: string,
  ranked: Ranked[],
): Promise<SearchHit[]> {
  if (ranked.length === 0) return [];
  const configs = await orgLanguages(sql, orgId);
  const rows = await sql.query<ChunkRow & { snippet: string }>(
    `SELECT c.job_id, c.idx, c.chunk_id, ${fileNameOf}, c.text, c.heading_path, c.pages, c.bboxes,
            ts_headline(c.language::regconfig, c.text, ${tsqueryOf('$4', 'any', configs)},
                        'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2') AS snippet
     FROM unnest($2::text[], $3::int[]) AS k(job_id, idx)
     JOIN chunks c ON c.job_id = k.job_id AND c.idx = k.idx JOIN jobs j ON j.id = c.job_id
     WHERE c.org_id = $1`,
    [orgId, ranked.map((hit) => hit.jobId), ranked.map((hit) => hit.index), query],
  );
  const byKey = new Map(rows.map((row) => [`${row.job_id}:${row.idx}`, row]));
  const hits: SearchHit[] = [];
  for (const hit of ranked) {
    const row = byKey.get(`${hit.jobId}:${hit.index}`);
    if (!row) continue; // deleted between the ranking and this read
    hits.push({
      id: row.chunk_id,
      jobId: row.job_id,
      fileName: row.file_name,
      index: row.idx,
      pages: row.pages,
      bboxes: row.bboxes,
      headingPath: row.heading_path,
      text: row.text,
      score: hit.score,
      snippet: row.snippet,
    });
  }
  return hits;
}
