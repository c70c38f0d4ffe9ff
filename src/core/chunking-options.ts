/**
 * `options.chunking` of a `parse` or `chunk` job, checked at submit so that a bad value is a 400
 * saying how to fix it, and filled with its defaults: the job shows what it ran with.
 */
import {
  type ChunkingUsed,
  type ChunkStrategy,
  type ChunkTokenizer,
  chunkStrategies,
  chunkTokenizers,
} from './chunk.ts';
import { didYouMean } from './nearest-name.ts';

export const chunkingLimits = {
  /** A heading path and a sentence or two; below this most chunks would be cut mid-sentence. */
  minMaxTokens: 32,
  /** OpenAI's embedding models take at most 8191 tokens an input. */
  maxMaxTokens: 8191,
} as const;

export const defaultMaxTokens = 512;

/**
 * The size strategy's overlap when none is given: an eighth of the window (64 of 512), a sentence
 * or two of context on each side of a cut for 12.5 % more tokens to embed and store. LlamaIndex's
 * sentence splitter and LangChain's examples use 10-20 %; structure and page chunks need none,
 * since they are cut at headings and page breaks rather than mid-thought.
 */
export const defaultSizeOverlap = (maxTokens: number) => Math.floor(maxTokens / 8);

const known = ['strategy', 'maxTokens', 'overlapTokens', 'minTokens', 'tokenizer'];

type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };
const fault = (name: string, message: string): Checked<never> => ({
  ok: false,
  field: `options.chunking${name ? `.${name}` : ''}`,
  message,
});
const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** `{}` (or true) gives every default. */
export function checkChunkingOptions(value: unknown): Checked<ChunkingUsed> {
  const options = value === true ? {} : value;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    return fault('', 'chunking is an object like {"strategy": "structure", "maxTokens": 512}');
  const given = options as Record<string, unknown>;
  const unknown = Object.keys(given).find((key) => !known.includes(key));
  if (unknown !== undefined)
    return fault(unknown, `unknown chunking option "${unknown}"${didYouMean(unknown, new Set(known))}`);
  const { strategy = 'structure', maxTokens = defaultMaxTokens, minTokens = 0 } = given;
  const { tokenizer = 'cl100k_base' } = given;
  if (!(chunkStrategies as readonly unknown[]).includes(strategy))
    return fault('strategy', `strategy must be one of ${quoted(chunkStrategies)}`);
  if (!(chunkTokenizers as readonly unknown[]).includes(tokenizer))
    return fault('tokenizer', `tokenizer must be one of ${quoted(chunkTokenizers)}`);
  const { minMaxTokens, maxMaxTokens } = chunkingLimits;
  if (!isCount(maxTokens) || maxTokens < minMaxTokens || maxTokens > maxMaxTokens)
    return fault('maxTokens', `maxTokens must be a whole number from ${minMaxTokens} to ${maxMaxTokens}`);
  const overlapTokens = given.overlapTokens ?? (strategy === 'size' ? defaultSizeOverlap(maxTokens) : 0);
  // Half the window at most: each window must move on by at least as much as it repeats.
  const maxOverlap = Math.floor(maxTokens / 2);
  if (!isCount(overlapTokens) || overlapTokens < 0 || overlapTokens > maxOverlap)
    return fault(
      'overlapTokens',
      `overlapTokens must be a whole number from 0 to ${maxOverlap} (half of maxTokens ${maxTokens})`,
    );
  if (!isCount(minTokens) || minTokens < 0 || minTokens >= maxTokens)
    return fault(
      'minTokens',
      `minTokens must be a whole number from 0 to ${maxTokens - 1} (below maxTokens)`,
    );
  return {
    ok: true,
    value: {
      strategy: strategy as ChunkStrategy,
      maxTokens,
      overlapTokens,
      minTokens,
      tokenizer: tokenizer as ChunkTokenizer,
    },
  };
}
