/**
 * A chunk: a piece of a document sized for retrieval (issue 16). Made by the `chunk` job type and
 * by `parse` with `options.chunking`, stored in the job's result as `chunks`, then indexed (a row
 * per chunk with its full-text vector and, when an embeddings endpoint is configured, its
 * embedding) so that POST /v1/search finds it.
 */

export const chunkStrategies = ['structure', 'size', 'page'] as const;
/**
 * structure: by headings and sections from the layout, a table or a list kept whole where it fits,
 * a figure with its caption, the heading path repeated as context; size: token windows with
 * overlap; page: one chunk a page (split further only where a page exceeds maxTokens).
 */
export type ChunkStrategy = (typeof chunkStrategies)[number];

/**
 * The BPE vocabularies token counts are made with (shipped in the gpt-tokenizer package, nothing
 * downloaded): cl100k_base is OpenAI's text-embedding-3-small/-large and ada-002 tokenizer, the
 * default; o200k_base is GPT-4o's.
 */
export const chunkTokenizers = ['cl100k_base', 'o200k_base'] as const;
export type ChunkTokenizer = (typeof chunkTokenizers)[number];

export interface ChunkingOptions {
  strategy: ChunkStrategy;
  /** Upper bound of a chunk, in tokens of the tokenizer below (default 512). */
  maxTokens: number;
  /**
   * Tokens repeated from the end of one chunk at the start of the next, in whole sentences where
   * they fit (default 0 for structure and page, maxTokens / 8 for size: see chunking-options.ts).
   */
  overlapTokens: number;
  /**
   * A chunk smaller than this joins a neighbour where the two fit (default 0): a structure chunk the
   * next one (else the one before) under the headings they share, a page's the page's.
   */
  minTokens: number;
  /** Whose tokens maxTokens and `tokens` count (default cl100k_base); absent means the default. */
  tokenizer?: ChunkTokenizer;
}

/** What a chunking job puts beside `chunks` in its result: the options it ran with. */
export type ChunkingUsed = Required<ChunkingOptions>;

/** [x0, y0, x1, y1] in the page's own units (PDF points for PDFs, pixels for images). */
export type ChunkBox = [number, number, number, number];

export interface Chunk {
  /** Stable within a job: `${jobId}:${index}` style ids are made by the producer, unique per job. */
  id: string;
  /** 0-based position in the document's reading order. */
  index: number;
  text: string;
  markdown: string;
  /** The headings above the chunk, outermost first: ["2 Methods", "2.1 Data"]. */
  headingPath: string[];
  /** 1-based page numbers the chunk draws from, ascending. */
  pages: number[];
  /** The boxes of the blocks the chunk draws from, per page number. */
  bboxes: Record<string, ChunkBox[]>;
  /** The layout block types the chunk holds (heading, paragraph, table, list, figure, …), no repeats. */
  blockTypes: string[];
  /** Token count of `text` by the tokenizer named in the result's `chunking.tokenizer`. */
  tokens: number;
}
