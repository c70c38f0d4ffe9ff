/**
 * The chunking of a submitted job (issue 16): a `chunk` job always chunks (options.chunking, or
 * every default), a `parse` job when its options ask for it; other types refuse the option and
 * say how to get their pages chunked.
 */

import type { ChunkingUsed } from '../core/chunk.ts';
import { checkChunkingOptions } from '../core/chunking-options.ts';
import type { JobType } from '../core/job.ts';
import { invalid, type ResolvedTask } from './task-fields.ts';

export function withChunking(
  type: JobType,
  resolved: ResolvedTask,
  options: Record<string, unknown>,
): { resolved: ResolvedTask; options: Record<string, unknown> } {
  // Already checked and filled in by checkParseOptions when present.
  const given = options.chunking as ChunkingUsed | undefined;
  if (type === 'chunk') {
    const defaults = checkChunkingOptions({});
    const chunking = given ?? (defaults.ok ? defaults.value : null)!;
    return {
      resolved: { task: { kind: 'chunk', chunking }, extractor: null },
      options: { ...options, chunking },
    };
  }
  if (given === undefined) return { resolved, options };
  if (type === 'parse')
    return { resolved: { task: { kind: 'chunk', chunking: given, parse: true }, extractor: null }, options };
  throw invalid(
    'options.chunking',
    `options.chunking applies to parse and chunk jobs; to chunk what this ${type} job reads, submit a chunk job with dependsOn its id`,
  );
}
