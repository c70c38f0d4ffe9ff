import type { Ranked, SearchFilters } from '../../core/search.ts';
import type { Database } from '../db.ts';
import { searchWhere } from './search-filter.ts';
import { hasPgvector } from './vector-index.ts';

/**
 * Nearest chunks to a unit-length query vector by cosine similarity (a dot product, as stored
 * vectors are unit length too), among the chunks embedded by the same model with the same length.
 * pgvector: the HNSW index (approximate; the organisation and filters are applied to what it
 * returns). Otherwise exact: every candidate row's dot product, which is what costs at scale.
 */
export async function rankVector(
  db: Database,
  orgId: string,
  vector: number[],
  model: string,
  filters: SearchFilters,
  limit: number,
): Promise<Ranked[]> {
  const { clause, values } = searchWhere(orgId, filters);
  const dims = vector.length;
  if (!Number.isInteger(dims) || dims < 1) return [];
  values.push(dims, model);
  const scoped = `${clause} AND c.dims = $${values.length - 1} AND c.embedding_model = $${values.length}`;
  let text: string;
  if (await hasPgvector(db)) {
    values.push(`[${vector.join(',')}]`, limit);
    const distance = `c.embedding::vector(${dims}) <=> $${values.length - 1}::vector(${dims})`;
    text = `SELECT c.job_id, c.idx, 1 - (${distance}) AS score
            FROM chunks c JOIN jobs j ON j.id = c.job_id
            WHERE ${scoped} ORDER BY ${distance} LIMIT $${values.length}`;
  } else {
    values.push(vector, limit);
    text = `SELECT c.job_id, c.idx,
                   (SELECT sum(a::float8 * b) FROM unnest(c.embedding, $${values.length - 1}::real[]) AS t(a, b)) AS score
            FROM chunks c JOIN jobs j ON j.id = c.job_id
            WHERE ${scoped} ORDER BY score DESC, c.job_id, c.idx LIMIT $${values.length}`;
  }
  const rows = await db.query<{ job_id: string; idx: number; score: number }>(text, values);
  return rows.map((row) => ({ jobId: row.job_id, index: row.idx, score: Number(row.score) }));
}
