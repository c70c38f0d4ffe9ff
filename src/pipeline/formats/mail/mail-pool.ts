/**
 * An e-mail's attachments, read on a worker thread with the same heap cap as the parse pool
 * (parse-pool.ts): the parse stage made the pages but keeps no bytes (its result is stored as
 * JSON), so the attachments are read again here, once, when the job submits its children.
 */
import { ThreadPool } from '../../thread-pool.ts';
import type { MailAttachment, MailKind } from './mail-message.ts';
import type { AttachmentsTask } from './mail-worker.ts';

let pool: ThreadPool<AttachmentsTask, MailAttachment[]> | null = null;

export async function mailAttachments(
  kind: MailKind,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<MailAttachment[]> {
  pool ??= new ThreadPool<AttachmentsTask, MailAttachment[]>({
    workerUrl: new URL('./mail-worker.ts', import.meta.url),
    size: 1,
    maxHeapMb: 1024,
    // Mail is read now and then: a thread holding mailparser is given back after a minute idle.
    idleReleaseMs: 60_000,
  });
  const data = new Uint8Array(bytes.byteLength);
  data.set(bytes);
  return pool.run({ kind, data }, { signal, transfer: [data.buffer] });
}

export async function closeMailPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}
