import type { Chunk, ChunkBox } from '../../core/chunk.ts';
import type { ChunkView } from '../../core/search.ts';

/** What a worker writes for one chunk: the producer's chunk, and its embedding when one was made. */
export interface ChunkInsert extends Chunk {
  /** Unit length; null when no embeddings endpoint is configured. */
  embedding: number[] | null;
}

export interface ChunkRow {
  job_id: string;
  idx: number;
  chunk_id: string;
  file_name: string | null;
  text: string;
  markdown: string;
  heading_path: string[];
  pages: number[];
  bboxes: Record<string, ChunkBox[]>;
  block_types: string[];
  tokens: number;
  language: string;
  dims: number | null;
  created_at: Date;
}

/**
 * The file a chunk is of, `j` being its job: a `chunk` job over its parents' pages (dependsOn)
 * uploaded nothing, so it is named after its first parent's file (one level: a primary key lookup
 * per row, for the ≤ 100 rows of a page or a search).
 */
export const fileNameOf = `coalesce(j.file_name,
  (SELECT p.file_name FROM jobs p WHERE p.id = ANY(j.depends_on) AND p.org_id = j.org_id
   AND p.file_name IS NOT NULL ORDER BY array_position(j.depends_on, p.id) LIMIT 1)) AS file_name`;

/** The columns a ChunkRow reads, `c` being chunks and `j` jobs. */
export const chunkColumns = `c.job_id, c.idx, c.chunk_id, ${fileNameOf}, c.text, c.markdown, c.heading_path,
  c.pages, c.bboxes, c.block_types, c.tokens, c.language, c.dims, c.created_at`;

export function toChunkView(row: ChunkRow): ChunkView {
  return {
    id: row.chunk_id,
    jobId: row.job_id,
    fileName: row.file_name,
    index: row.idx,
    text: row.text,
    markdown: row.markdown,
    headingPath: row.heading_path,
    pages: row.pages,
    bboxes: row.bboxes,
    blockTypes: row.block_types,
    tokens: row.tokens,
    language: row.language,
    dims: row.dims,
  };
}
