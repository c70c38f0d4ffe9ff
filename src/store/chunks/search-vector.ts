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
  const where = searchWhere(orgId, filters);
  const values = where.values;
  const clause = `${where.chunks} AND ${where.jobs}`;
  const dims = vector.length;
  if (!Number.isInteger(dims) || dims < 1) return [];
  values.push(model);
  // dims as a literal (a checked integer): the planner matches it to the HNSW index's predicate
  // (`WHERE dims = 384`), which it cannot prove for a parameter under a generic plan.
  const scoped = `${clause} AND c.dims = ${dims} AND c.embedding_model = $${values.length}`;
  let text: string;
  const pgvector = await hasPgvector(db);
  if (pgvector) {
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
  type Row = { job_id: string; idx: number; score: number };
  const rows = pgvector
    ? await db.transaction(async (tx) => {
        // The index returns ef_search candidates before the organisation and filters are applied
        // (default 40): a wider search, and pgvector 0.8's iterative scan where it has it, keep
        // topK results coming when other organisations' chunks are nearer.
        await tx.query(
          "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)",
          [String(Math.min(1000, Math.max(100, limit * 4)))],
        );
        return tx.query<Row>(text, values);
      })
    : await db.query<Row>(text, values);
  return rows.map((row) => ({ jobId: row.job_id, index: row.idx, score: Number(row.score) }));
}
