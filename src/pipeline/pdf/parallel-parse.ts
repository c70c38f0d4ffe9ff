/**
 * One PDF parsed by all the pool's threads at once (main-thread side). The
 * first task opens the document and reports its page count; the other chunks
 * are queued as soon as that arrives, while the first task parses chunk 1.
 * Every thread reads the same bytes (a SharedArrayBuffer, copied once here)
 * and returns its pages' layouts; the document-level steps (column gutter,
 * body font size, heading levels, blocks) then run here over all pages:
 * ~0.2 ms a page, in slices between which HTTP is served (assemble.ts).
 *
 * Several chunks per thread, because the pool's queue is FIFO: with two
 * documents in flight their chunks interleave and no thread idles while the
 * other finishes a long document alone.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { cancelledError, type ThreadPool } from '../thread-pool.ts';
import { assemblePages, type PageLayout } from './assemble.ts';
import type { PdfInfo, PdfParseResult } from './extract.ts';
import {
  type ChunkProgress,
  type ChunkResult,
  type PdfTask,
  type PdfTaskResult,
  planChunks,
} from './protocol.ts';

export async function parseInChunks(
  pool: ThreadPool<PdfTask, PdfTaskResult>,
  bytes: Uint8Array,
  signal: AbortSignal,
  onProgress: ((done: number, total: number) => void) | undefined,
  minPages: number,
): Promise<PdfParseResult> {
  if (signal.aborted) throw cancelledError();
  const data = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  data.set(bytes);
  const pdf = { key: randomUUID(), data };
  // Aborted by the caller's signal, or by the first failed chunk: the others are of no use then.
  const inner = new AbortController();
  const cancel = () => inner.abort();
  signal.addEventListener('abort', cancel, { once: true });

  let total = 0;
  let done = 0;
  let failure: unknown = null;
  const results: ChunkResult[] = [];
  const running: Promise<void>[] = [];
  const onMessage = (message: unknown) => {
    const m = message as ChunkProgress;
    if (m.type === 'page') {
      done++;
      onProgress?.(done, total);
      return;
    }
    total = m.total;
    if (!m.split) return;
    const chunks = planChunks(m.total, pool.size, minPages) ?? [];
    for (const [k, [from, to]] of chunks.entries()) if (k > 0) start({ type: 'pages', pdf, from, to }, k);
  };
  const start = (task: PdfTask, index: number) => {
    const run = pool.run(task, { signal: inner.signal, onProgress: onMessage }).then(
      (result) => {
        results[index] = result as ChunkResult;
      },
      (error: unknown) => {
        // Only the first error counts: the others are the cancels it caused (reported once).
        if (failure === null && !inner.signal.aborted) failure = error;
        inner.abort();
      },
    );
    running.push(run);
  };

  try {
    start({ type: 'open', pdf, threads: pool.size, minPages }, 0);
    // `running` grows while the first task runs (its 'opened' message queues the rest).
    for (let k = 0; k < running.length; k++) await running[k];
    if (failure !== null) throw failure;
    if (inner.signal.aborted) throw cancelledError();
    const first = results[0]!;
    if (first.kind === 'document') return first.result;
    const layouts: PageLayout[] = [];
    let info: PdfInfo | undefined;
    for (const r of results) {
      if (r.kind !== 'pages') throw new Error('a chunk task returned a whole document');
      layouts.push(...r.pages);
      info ??= r.info;
    }
    const pages = await assemblePages(layouts, () => nextTurn());
    if (signal.aborted) throw cancelledError();
    return { info: info!, pages };
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}
