/**
 * A chunk job's step, or a parse job's with options.chunking: the parsed pages into chunks. A
 * chunk job's result is the chunks and the options they were made with (its pages are kept beside
 * it for children and for ?format=markdown); a parse job's is its document with `chunks` added.
 */
import type { ChunkTask } from '../../core/task.ts';
import { chunkDocument } from '../chunk/chunk-document.ts';
import type { ParsedDocument } from '../types.ts';
import type { TaskOutcome, TaskProgress } from './task-outcome.ts';

export async function runChunking(
  task: ChunkTask,
  document: ParsedDocument,
  progress: TaskProgress,
): Promise<TaskOutcome> {
  progress.onStep('chunking', 0, 1);
  const started = performance.now();
  const { chunks, chunking } = await chunkDocument(
    document,
    task.chunking,
    progress.jobId ? `${progress.jobId}:` : '',
  );
  const ms = Math.round(performance.now() - started);
  progress.signal.throwIfAborted();
  const call = {
    stage: 'chunking',
    engine: 'builtin',
    ms,
    chunks: chunks.length,
    tokenizer: chunking.tokenizer,
  } as const;
  return {
    result: task.parse ? { ...document, chunks, chunking } : { chunks, chunking },
    minConfidence: null,
    calls: [call],
  };
}
