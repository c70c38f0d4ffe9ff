/**
 * The indexing step (issue 16): a job whose result carries `chunks` (a `chunk` job, or `parse` with
 * `options.chunking`) gets a searchable row per chunk before it completes — embedded first when an
 * embeddings endpoint is configured (stage `embedding`), then written with its tsvector in the
 * document's language. Called by the worker in the attempt that produced the result
 * (engine/run-job.ts); a failure fails or retries the job like any stage's (EMBEDDING_ERROR).
 */
import type { Chunk, ChunkBox } from '../core/chunk.ts';
import { permanent } from '../core/errors.ts';
import type { JobRecord } from '../core/job.ts';
import {
  configForLanguageCode,
  guessTextSearchConfig,
  type TextSearchConfig,
} from '../core/text-language.ts';
import { type Embedded, embedTexts } from '../pipeline/embed/embeddings-client.ts';
import type { ChunkInsert } from '../store/chunks/chunk-row.ts';
import { ensureVectorIndex, hasPgvector } from '../store/chunks/vector-index.ts';
import { replaceJobChunks } from '../store/chunks/write-chunks.ts';
import type { Context } from './context.ts';

export interface IndexOptions {
  signal: AbortSignal;
  /** The embedding stage starting and advancing: texts embedded of all. */
  onStep?: (stage: 'embedding', done: number, total: number) => void;
}

export interface IndexReport {
  chunks: number;
  /** Length of the vectors stored; null when no endpoint is configured. */
  dims: number | null;
  language: TextSearchConfig;
  /** False when the attempt lost the job meanwhile (cancelled): nothing was written. */
  written: boolean;
  /** The embedding calls, for the job's trace; null when no endpoint is configured (or no chunk). */
  embedding: EmbeddingRun | null;
}

/** What the trace shows of the embedding stage: the endpoint's work, not the vectors. */
export type EmbeddingRun = Omit<Embedded, 'vectors'> & { texts: number };

/** Null when the result has no `chunks` array: most jobs do not chunk, and cost nothing here. */
export async function indexJobChunks(
  ctx: Pick<Context, 'db' | 'config'>,
  job: Pick<JobRecord, 'id'>,
  attempt: number,
  result: unknown,
  options: IndexOptions,
): Promise<IndexReport | null> {
  const record = (result ?? {}) as {
    chunks?: unknown;
    language?: unknown;
    chunking?: { language?: unknown };
  };
  if (!Array.isArray(record.chunks)) return null;
  const chunks = record.chunks.map(checkChunk);
  const declared = typeof record.language === 'string' ? record.language : record.chunking?.language;
  const language =
    typeof declared === 'string' && configForLanguageCode(declared) !== 'simple'
      ? configForLanguageCode(declared)
      : guessTextSearchConfig(chunks.map((chunk) => chunk.text).join(' '));

  let vectors: number[][] | null = null;
  let embedding: EmbeddingRun | null = null;
  const settings = ctx.config.embeddings;
  if (settings && chunks.length > 0) {
    options.onStep?.('embedding', 0, chunks.length);
    const embedded = await embedTexts(settings, chunks.map(embeddingText), {
      signal: options.signal,
      onProgress: (done, total) => options.onStep?.('embedding', done, total),
    });
    const { vectors: made, ...run } = embedded;
    vectors = made;
    embedding = { ...run, texts: made.length };
    if (await hasPgvector(ctx.db)) await ensureVectorIndex(ctx.db, embedded.dims);
  }
  options.signal.throwIfAborted();
  const rows: ChunkInsert[] = chunks.map((chunk, position) => ({
    index: chunk.index,
    id: chunk.id,
    text: chunk.text,
    markdown: chunk.markdown,
    headingPath: chunk.headingPath,
    pages: chunk.pages,
    bboxes: chunk.bboxes,
    blockTypes: chunk.blockTypes,
    tokens: chunk.tokens,
    embedding: vectors?.[position] ?? null,
  }));
  const written = await replaceJobChunks(ctx.db, {
    jobId: job.id,
    attempt,
    language,
    model: settings?.model ?? null,
    chunks: rows,
  });
  return { chunks: rows.length, dims: vectors?.[0]?.length ?? null, language, written, embedding };
}

/** The heading path travels with the text: "2.1 Data" says what a bare paragraph is about. */
export const embeddingText = (chunk: Pick<Chunk, 'headingPath' | 'text'>) =>
  chunk.headingPath.length > 0 ? `${chunk.headingPath.join(' > ')}\n\n${chunk.text}` : chunk.text;

/**
 * The producer is ours (pipeline/chunk), but the row must not take whatever a bug puts there: a
 * chunk without text or index is the producer's fault, permanent, named here.
 */
function checkChunk(value: unknown, position: number): Chunk {
  const chunk = (value ?? {}) as Partial<Chunk>;
  if (typeof chunk.text !== 'string' || !Number.isInteger(chunk.index)) {
    throw permanent('INTERNAL_ERROR', `chunk ${position} of the result has no text or index`);
  }
  const strings = (list: unknown) =>
    Array.isArray(list) ? list.filter((x) => typeof x === 'string').map(storable) : [];
  return {
    id: typeof chunk.id === 'string' ? storable(chunk.id) : String(chunk.index),
    index: chunk.index as number,
    text: storable(chunk.text),
    markdown: storable(typeof chunk.markdown === 'string' ? chunk.markdown : chunk.text),
    headingPath: strings(chunk.headingPath),
    pages: Array.isArray(chunk.pages) ? chunk.pages.filter((page) => Number.isInteger(page)) : [],
    bboxes: (chunk.bboxes && typeof chunk.bboxes === 'object' ? chunk.bboxes : {}) as Record<
      string,
      ChunkBox[]
    >,
    blockTypes: strings(chunk.blockTypes),
    tokens: Number.isInteger(chunk.tokens) ? (chunk.tokens as number) : 0,
  };
}

/** PostgreSQL text refuses U+0000 and jsonb an unpaired surrogate; a PDF's text layer may hold either. */
const storable = (text: string) => text.replaceAll('\u0000', '').toWellFormed();
