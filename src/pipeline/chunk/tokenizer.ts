/**
 * Token counts by the BPE vocabulary users embed with (gpt-tokenizer: cl100k_base, o200k_base;
 * ranks inside the package, nothing downloaded). Loaded on the first chunking job, not at start:
 * the cl100k_base ranks cost ~270 ms and ~40 MB of memory (measured with process.memoryUsage on
 * Node 24), which a server that never chunks should not pay (issue 15).
 */
import type { ChunkTokenizer } from '../../core/chunk.ts';

export interface Tokenizer {
  name: ChunkTokenizer;
  count(text: string): number;
  encode(text: string): number[];
  decode(tokens: number[]): string;
}

interface Encoding {
  countTokens(text: string, options?: EncodeOptions): number;
  encode(text: string, options?: EncodeOptions): number[];
  decode(tokens: number[]): string;
}

interface EncodeOptions {
  allowedSpecial?: Set<string>;
  disallowedSpecial?: Set<string>;
}

/**
 * A document that contains "<|endoftext|>" is text like any other: counted as the plain characters
 * it is, never refused (the package throws on special tokens by default).
 */
const asText: EncodeOptions = { allowedSpecial: new Set(), disallowedSpecial: new Set() };

const loading = new Map<ChunkTokenizer, Promise<Tokenizer>>();

export function loadTokenizer(name: ChunkTokenizer): Promise<Tokenizer> {
  let tokenizer = loading.get(name);
  if (!tokenizer) {
    tokenizer = importEncoding(name).then((encoding) => ({
      name,
      count: (text) => (text === '' ? 0 : encoding.countTokens(text, asText)),
      encode: (text) => encoding.encode(text, asText),
      decode: (tokens) => encoding.decode(tokens),
    }));
    // A failed load is not remembered: the next job tries again.
    tokenizer.catch(() => loading.delete(name));
    loading.set(name, tokenizer);
  }
  return tokenizer;
}

async function importEncoding(name: ChunkTokenizer): Promise<Encoding> {
  switch (name) {
    case 'cl100k_base':
      return (await import('gpt-tokenizer/encoding/cl100k_base')) as Encoding;
    case 'o200k_base':
      return (await import('gpt-tokenizer/encoding/o200k_base')) as Encoding;
  }
}
