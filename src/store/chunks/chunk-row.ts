import type { ChunkBox } from '../../core/chunk.ts';
import type { ChunkView } from '../../core/search.ts';

/** What a worker writes for one chunk: the producer's chunk, and its embedding when one was made. */
export interface ChunkInsert {
  index: number;
  chunkId: string;
  text: string;
  markdown: string;
  headingPath: string[];
  pages: number[];
  bboxes: Record<string, ChunkBox[]>;
  blockTypes: string[];
  tokens: number;
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

/** The columns a ChunkRow reads, `c` being chunks and `j` jobs. */
export const chunkColumns = `c.job_id, c.idx, c.chunk_id, j.file_name, c.text, c.markdown, c.heading_path,
  c.pages, c.bboxes, c.block_types, c.tokens, c.language, c.dims, c.created_at`;

export function toChunkView(row: ChunkRow): ChunkView {
  return {
    chunkId: row.chunk_id,
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
