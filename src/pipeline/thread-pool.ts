/**
 * A small pool of worker_threads for CPU-bound stages (pdfjs blocks the event
 * loop up to ~200 ms per call, which would stall HTTP replies and queue
 * heartbeats if run on the main thread).
 *
 * One task runs per thread at a time, because cancelling a task means
 * terminating its thread: pdfjs has no cooperative cancel inside a page, and
 * `worker.terminate()` stops even a synchronous loop within milliseconds.
 * Threads are created on demand, unref'd while idle (an idle pool never keeps
 * the process alive) and replaced after a cancel or a crash.
 */
import module from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { parentPort, Worker } from 'node:worker_threads';
import { DocjobsError, type ErrorCode, errorCodes, permanent, transient } from '../core/errors.ts';

/** Main → worker: a task, or (cooperative pools) the cancel of one. */
type TaskMessage<In> = { id: number; task: In } | { id: number; cancel: true };

/** Worker → main. */
type ReplyMessage =
  | { id: number; kind: 'progress'; data: unknown }
  | { id: number; kind: 'done'; result: unknown }
  | { id: number; kind: 'error'; error: { code: string; message: string; retryable: boolean } };

export interface ThreadPoolOptions {
  /** Worker entry module (a .ts file works: Node 24 strips types in workers too). */
  workerUrl: URL;
  /** Defaults to min(2, availableParallelism()): two threads keep one core for the server itself. */
  size?: number;
  /** Caps each thread's heap so one hostile document cannot take the whole machine down. */
  maxHeapMb?: number;
  /**
   * Cancel by asking, not by terminating the thread: the task's `signal` (serveTasks) is aborted
   * and the caller's promise rejects at once, but the thread takes no other task until the
   * cancelled one has returned. For native code that must not be torn down mid-call: terminating
   * a thread inside an ONNX Runtime run aborts the whole process ("terminate called after
   * throwing an instance of 'Napi::Error'").
   */
  cooperativeCancel?: boolean;
  /**
   * A thread that has had no task for this long is ended, giving back its memory (an OCR lane
   * holds 165-700 MB); the next task starts a new one. Only an idle thread is ended, so this is
   * safe for cooperative pools too. Unset: threads live until close().
   */
  idleReleaseMs?: number;
}

export interface RunOptions {
  signal: AbortSignal;
  /** ArrayBuffers moved (not copied) to the worker; they are detached in the caller. */
  transfer?: ArrayBuffer[];
  onProgress?: (data: unknown) => void;
}

interface Pending {
  id: number;
  task: unknown;
  options: RunOptions;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onAbort: () => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  /** Cooperative pools: the id of a cancelled task the thread is still finishing. */
  draining: number | null;
  /** Ends the thread once it has been idle for `idleReleaseMs` (unref'd: keeps no process alive). */
  idleTimer: NodeJS.Timeout | null;
}

export function cancelledError(): DocjobsError {
  return new DocjobsError('CANCELLED', 'the task was cancelled');
}

export class ThreadPool<In, Out> {
  readonly size: number;
  readonly #options: ThreadPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: ThreadPoolOptions) {
    this.#options = options;
    this.size = Math.max(1, options.size ?? Math.min(2, availableParallelism()));
  }

  /** Threads that would start a new task at once: not running one, and not claimed by the queue. */
  get idleThreads(): number {
    const busy = this.#slots.filter((slot) => slot.current !== null || slot.draining !== null).length;
    return Math.max(0, this.size - busy - this.#queue.length);
  }

  /** Live thread count (for tests: a cancel must not leak threads). */
  get threads(): number {
    return this.#slots.length;
  }

  run(task: In, options: RunOptions): Promise<Out> {
    if (this.#closed) return Promise.reject(new DocjobsError('INTERNAL_ERROR', 'thread pool is closed'));
    if (options.signal.aborted) return Promise.reject(cancelledError());
    return new Promise<Out>((resolve, reject) => {
      const pending: Pending = {
        id: this.#nextId++,
        task,
        options,
        resolve: resolve as (value: unknown) => void,
        reject,
        onAbort: () => this.#abort(pending),
      };
      options.signal.addEventListener('abort', pending.onAbort, { once: true });
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  /**
   * Terminates every thread; queued and running tasks are rejected. A cooperative pool first
   * cancels its running tasks and waits (at most `drainMs`) for their threads to return.
   */
  async close(drainMs = 10_000): Promise<void> {
    this.#closed = true;
    const error = new DocjobsError('CANCELLED', 'thread pool closed');
    for (const pending of this.#queue.splice(0)) this.#settle(pending, error);
    if (this.#options.cooperativeCancel) {
      for (const slot of this.#slots) if (slot.current) this.#abort(slot.current);
      const deadline = Date.now() + drainMs;
      while (this.#slots.some((slot) => slot.draining !== null) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const slots = this.#slots.splice(0);
    for (const slot of slots) this.#stopIdleTimer(slot);
    for (const slot of slots) if (slot.current) this.#settle(slot.current, error);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.current === null && s.draining === null);
      if (!slot && this.#slots.length < this.size) slot = this.#spawn();
      if (!slot) return;
      const pending = this.#queue.shift()!;
      slot.current = pending;
      this.#stopIdleTimer(slot);
      slot.worker.ref();
      const message: TaskMessage<unknown> = { id: pending.id, task: pending.task };
      slot.worker.postMessage(message, pending.options.transfer ?? []);
    }
  }

  #spawn(): Slot {
    const limits = this.#options.maxHeapMb ? { maxOldGenerationSizeMb: this.#options.maxHeapMb } : undefined;
    const worker = new Worker(this.#options.workerUrl, { resourceLimits: limits, env: threadEnv() });
    const slot: Slot = { worker, current: null, draining: null, idleTimer: null };
    worker.unref();
    worker.on('message', (message: ReplyMessage) => this.#onMessage(slot, message));
    // 'error' = uncaught exception in the thread (or OOM); 'exit' follows it.
    worker.on('error', (error) => this.#onCrash(slot, error));
    worker.on('exit', (code) => this.#onCrash(slot, new Error(`worker thread exited with code ${code}`)));
    this.#slots.push(slot);
    return slot;
  }

  #startIdleTimer(slot: Slot): void {
    const ms = this.#options.idleReleaseMs;
    if (ms === undefined || slot.idleTimer) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (slot.current !== null || slot.draining !== null) return;
      const index = this.#slots.indexOf(slot);
      if (index < 0) return;
      // Removed first, so the 'exit' that terminate() causes is not taken for a crash.
      this.#slots.splice(index, 1);
      void slot.worker.terminate();
    }, ms);
    slot.idleTimer.unref();
  }

  #stopIdleTimer(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
  }

  #onMessage(slot: Slot, message: ReplyMessage): void {
    if (slot.draining === message.id && message.kind !== 'progress') {
      slot.draining = null; // the cancelled task has returned: the thread is free again
      slot.worker.unref();
      this.#startIdleTimer(slot);
      this.#dispatch();
      return;
    }
    const pending = slot.current;
    if (!pending || pending.id !== message.id) return; // a late reply for a cancelled task
    if (message.kind === 'progress') {
      pending.options.onProgress?.(message.data);
      return;
    }
    slot.current = null;
    slot.worker.unref();
    this.#startIdleTimer(slot);
    if (message.kind === 'done') this.#settle(pending, undefined, message.result);
    else this.#settle(pending, reviveError(message.error));
    this.#dispatch();
  }

  #onCrash(slot: Slot, error: Error): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return; // already removed (cancel, close, or 'error' then 'exit')
    this.#slots.splice(index, 1);
    this.#stopIdleTimer(slot);
    if (slot.current) {
      // Out of heap (maxHeapMb): the same document needs the same memory on every try, so a
      // retry would only kill another thread. Anything else may pass on another try.
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.#settle(
        slot.current,
        outOfMemory
          ? permanent(
              'PARSE_ERROR',
              `the document needs more than the ${this.#options.maxHeapMb} MB of memory a parse may use`,
              error,
            )
          : transient('INTERNAL_ERROR', `worker thread failed: ${error.message}`, error),
      );
    }
    if (!this.#closed) this.#dispatch(); // spawns a replacement if work is waiting
  }

  #abort(pending: Pending): void {
    const queued = this.#queue.indexOf(pending);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
    } else {
      const slot = this.#slots.find((s) => s.current === pending);
      if (slot && this.#options.cooperativeCancel) {
        slot.current = null;
        slot.draining = pending.id;
        slot.worker.postMessage({ id: pending.id, cancel: true } satisfies TaskMessage<unknown>);
      } else if (slot) {
        // Remove first so the 'exit' that terminate() causes is not taken for a crash.
        this.#slots.splice(this.#slots.indexOf(slot), 1);
        slot.current = null;
        void slot.worker.terminate();
      }
    }
    this.#settle(pending, cancelledError());
    this.#dispatch();
  }

  #settle(pending: Pending, error: unknown, result?: unknown): void {
    pending.options.signal.removeEventListener('abort', pending.onAbort);
    if (error !== undefined) pending.reject(error);
    else pending.resolve(result);
  }
}

/**
 * The process's environment, plus its compile cache (bin/docjobs.js enables it) when it has one: a
 * thread does not inherit the main thread's, and would compile its modules and strip their types
 * again on every start. CPU from new Worker to the first reply (bench/ocr-lane-start.ts): a pdfjs
 * thread 0.20 → 0.12 s, a PaddleOCR lane with its models 0.35 → 0.33 s; a process's first thread,
 * which also loads the native libraries, 0.40-0.50 → 0.18 s (pdfjs). NODE_COMPILE_CACHE names the
 * cache's root; Node adds the version's folder.
 */
function threadEnv(): NodeJS.ProcessEnv {
  const dir = module.getCompileCacheDir?.();
  return dir ? { ...process.env, NODE_COMPILE_CACHE: dirname(dir) } : process.env;
}

function reviveError(error: { code: string; message: string; retryable: boolean }): DocjobsError {
  const code = (errorCodes as readonly string[]).includes(error.code)
    ? (error.code as ErrorCode)
    : 'INTERNAL_ERROR';
  return new DocjobsError(code, error.message, { retryable: error.retryable });
}

export interface TaskReply<Out> {
  result: Out;
  transfer?: ArrayBuffer[];
}

/**
 * Worker side: call once from the worker entry. `handle` may throw a
 * DocjobsError; anything else becomes a retryable INTERNAL_ERROR.
 */
export function serveTasks<In, Out>(
  handle: (task: In, progress: (data: unknown) => void, signal: AbortSignal) => Promise<TaskReply<Out>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread');
  const running = new Map<number, AbortController>();
  let flushed = false;
  port.on('message', async (message: TaskMessage<In>) => {
    const { id } = message;
    if ('cancel' in message) {
      running.get(id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const progress = (data: unknown) =>
      port.postMessage({ id, kind: 'progress', data } satisfies ReplyMessage);
    let reply: ReplyMessage;
    let transfer: ArrayBuffer[] = [];
    try {
      const done = await handle(message.task, progress, controller.signal);
      reply = { id, kind: 'done', result: done.result };
      transfer = done.transfer ?? [];
    } catch (error) {
      const e =
        error instanceof DocjobsError
          ? { code: error.code, message: error.message, retryable: error.retryable }
          : { code: 'INTERNAL_ERROR', message: String((error as Error)?.message ?? error), retryable: true };
      reply = { id, kind: 'error', error: e };
    } finally {
      running.delete(id);
    }
    // Written now, not at the thread's end: a thread is terminated (idle release, close), and a
    // process may be killed. After the first task, which loads what the entry loads lazily.
    if (!flushed) {
      flushed = true;
      module.flushCompileCache?.();
    }
    port.postMessage(reply, transfer);
  });
}
