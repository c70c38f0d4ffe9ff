/**
 * DOCX, HTML, text and markdown are parsed on worker threads, like PDFs (pdf-pool.ts). On the main
 * thread, mammoth read ~1 MB of document XML a second and turndown ~2.5 MB of HTML: a 750 KB
 * DOCX holding 32 MB of XML stopped the event loop for 34 s — no HTTP answer, no queue heartbeat —
 * and a large HTML upload could take the process's whole heap. Here a document gets at most
 * `maxHeapMb` (past it, the thread dies and the job fails with PARSE_ERROR, see thread-pool.ts),
 * and a cancel or a job timeout stops the parse by terminating its thread.
 */

import type { ParseTask } from './parse-worker.ts';
import { ThreadPool } from './thread-pool.ts';
import type { ParsedDocument } from './types.ts';

let pool: ThreadPool<ParseTask, ParsedDocument> | null = null;

export async function parseInWorker(
  kind: ParseTask['kind'],
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<ParsedDocument> {
  pool ??= new ThreadPool<ParseTask, ParsedDocument>({
    workerUrl: new URL('./parse-worker.ts', import.meta.url),
    // A 64 MiB document.xml (the DOCX limit, docx.ts) peaks at ~450 MB in mammoth.
    maxHeapMb: 1024,
  });
  // A copy of our own to transfer: the caller's bytes may be a view of a shared Buffer.
  const data = new Uint8Array(bytes.byteLength);
  data.set(bytes);
  return pool.run({ kind, data }, { signal, transfer: [data.buffer] });
}

export async function closeParsePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}
