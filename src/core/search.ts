/**
 * Search over an organisation's chunks (issue 16, POST /v1/search): the request, what a hit shows,
 * and reciprocal rank fusion, which `hybrid` uses to merge the full-text and vector rankings.
 */
import type { Chunk } from './chunk.ts';
import type { JobType } from './job.ts';

export const searchModes = ['hybrid', 'fulltext', 'vector'] as const;
export type SearchMode = (typeof searchModes)[number];

export const searchLimits = { queryLength: 1000, maxTopK: 100, defaultTopK: 10, maxJobIds: 100 } as const;

export interface SearchFilters {
  jobIds?: string[];
  caseId?: string;
  type?: JobType | string;
  metadata?: Record<string, string>;
  createdAfter?: Date;
  createdBefore?: Date;
}

export interface SearchRequest {
  query: string;
  mode: SearchMode;
  topK: number;
  filters: SearchFilters;
}

/** A chunk as a search (and GET /v1/jobs/{id}/chunks) shows it: the producer's chunk, placed. */
export interface ChunkView extends Chunk {
  jobId: string;
  fileName: string | null;
  language: string;
  /** Length of the stored embedding; null when the chunk has none. */
  dims: number | null;
}

export interface SearchHit
  extends Omit<ChunkView, 'markdown' | 'blockTypes' | 'tokens' | 'language' | 'dims'> {
  score: number;
  /** The chunk's best passages with the query's words in <mark>…</mark> (ts_headline). */
  snippet: string;
}

/** A ranking entry: the chunk's key (job id and index) and the ranker's own score. */
export interface Ranked {
  jobId: string;
  index: number;
  score: number;
}

/** k of reciprocal rank fusion (Cormack, Clarke & Büttcher 2009: 60 was best across their runs). */
export const rrfK = 60;

/**
 * Reciprocal rank fusion: each list adds 1 / (k + rank) (rank from 1) to a chunk's score; the fused
 * list is by that sum, highest first. It needs no calibration between a ts_rank and a cosine,
 * which are on unrelated scales. Ties keep the order of first appearance (full-text first).
 */
export function fuseRankings(rankings: Ranked[][], topK: number, k = rrfK): Ranked[] {
  const fused = new Map<string, Ranked & { first: number }>();
  let seen = 0;
  for (const ranking of rankings) {
    ranking.forEach((entry, position) => {
      const key = `${entry.jobId}:${entry.index}`;
      const add = 1 / (k + position + 1);
      const known = fused.get(key);
      if (known) known.score += add;
      else fused.set(key, { jobId: entry.jobId, index: entry.index, score: add, first: seen++ });
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .slice(0, topK)
    .map(({ jobId, index, score }) => ({ jobId, index, score }));
}
