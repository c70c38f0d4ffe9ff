/**
 * The chunking stage: a parsed document's pages into chunks for retrieval (issue 16), by structure
 * (headings and sections), by size (token windows) or by page. Plain functions over the parsed
 * pages; the tokenizer is loaded on first use.
 */
import type { Chunk, ChunkingUsed } from '../../core/chunk.ts';
import type { ParsedDocument } from '../types.ts';
import { toChunk } from './assemble.ts';
import { readingFlow } from './flow.ts';
import { structureChunks } from './structure.ts';
import { loadTokenizer, type Tokenizer } from './tokenizer.ts';
import { pageChunks, sizeChunks } from './windows.ts';

export interface ChunkingOutput {
  chunks: Chunk[];
  chunking: ChunkingUsed;
}

export async function chunkDocument(
  document: ParsedDocument,
  options: ChunkingUsed,
  /** Put before each chunk's index in its id: the job's id and a colon, so ids are unique across jobs. */
  idPrefix = '',
): Promise<ChunkingOutput> {
  const tokenizer = await loadTokenizer(options.tokenizer);
  return { chunks: chunkWith(document, options, tokenizer, idPrefix), chunking: options };
}

export function chunkWith(
  document: ParsedDocument,
  options: ChunkingUsed,
  tokenizer: Tokenizer,
  idPrefix = '',
): Chunk[] {
  const flow = readingFlow(document);
  const drafts =
    options.strategy === 'structure'
      ? structureChunks(flow, options, tokenizer)
      : options.strategy === 'size'
        ? sizeChunks(flow, options, tokenizer)
        : pageChunks(flow, options, tokenizer);
  return drafts.map((draft, index) => toChunk(draft, index, idPrefix));
}
