/**
 * One tesseract.js worker and the thread it runs in. The pool (ocr-pool.ts) decides who
 * uses which engine; this file makes engines start, run one task at a time, and die cleanly.
 *
 * tesseract.js does not hand out its thread, yet we need it: to terminate an engine that is
 * still starting, to hear about a crashed thread (tesseract.js listens with `onerror`, which
 * a Node Worker never calls, so its promises would hang), and to unref idle threads. We
 * catch it on Node's 'worker_threads' diagnostics channel while `createWorker` runs: it
 * spawns the thread synchronously, before its first await.
 */
import { channel } from 'node:diagnostics_channel';
import type { Worker as Thread } from 'node:worker_threads';
import type { Worker as TesseractWorker } from 'tesseract.js';
import { DocjobsError, permanent, transient } from '../../core/errors.ts';
import { type OcrLanguage, osdDataFolder, textDataFolder } from './languages.ts';

/** What an engine is loaded for: reading text in some languages, or orientation detection. */
export type EngineSpec = { kind: 'text'; languages: readonly OcrLanguage[] } | { kind: 'osd' };

export const specKey = (spec: EngineSpec): string =>
  spec.kind === 'osd' ? 'osd' : `text:${spec.languages.join('+')}`;

export const cancelled = (): DocjobsError => new DocjobsError('CANCELLED', 'OCR was cancelled');

const threadCreated = channel('worker_threads');

export class OcrEngine {
  key: string;
  spec: EngineSpec;
  tasksRun = 0;
  /** Settles when the engine can take a task; never settles for an engine killed while starting. */
  ready: Promise<TesseractWorker>;
  /** Settles once the thread has exited, after kill(). */
  stopped: Promise<void> = Promise.resolve();
  #thread: Thread | null = null;
  #busy = true;
  #started = false;
  #startTimer: NodeJS.Timeout | undefined;
  #death: DocjobsError | null = null;
  #onDeath: ((error: DocjobsError) => void) | null = null;
  readonly #onGone: (engine: OcrEngine) => void;

  constructor(spec: EngineSpec, options: { startTimeoutMs: number; onGone: (engine: OcrEngine) => void }) {
    this.spec = spec;
    this.key = specKey(spec);
    this.#onGone = options.onGone;
    this.ready = this.#start(spec, options.startTimeoutMs);
    this.ready.catch(() => {}); // failures reach callers through run(); no unhandled rejection
  }

  get dead(): boolean {
    return this.#death !== null;
  }

  /** Busy threads keep the process alive; idle ones do not, so a warm pool never blocks exit. */
  setBusy(busy: boolean): void {
    this.#busy = busy;
    if (busy) this.#thread?.ref();
    else this.#thread?.unref();
  }

  /** Same thread, other languages: tesseract loads only the traineddata it lacks (~0.1-0.3 s). */
  switchLanguages(spec: EngineSpec & { kind: 'text' }): void {
    const langs = spec.languages.join('+');
    this.ready = this.ready.then(async (worker) => {
      await worker.reinitialize(langs);
      return worker;
    });
    this.ready.catch(() => {});
    this.spec = spec;
    this.key = specKey(spec);
  }

  /**
   * Runs `task` once the engine is ready. Aborting terminates the thread, the only way to stop
   * tesseract mid-page (it has no cancel), and rejects with CANCELLED at once.
   */
  run<T>(signal: AbortSignal, task: (worker: TesseractWorker) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle =
        <V>(finish: (value: V) => void) =>
        (value: V) => {
          if (settled) return;
          settled = true;
          signal.removeEventListener('abort', onAbort);
          this.#onDeath = null;
          finish(value);
        };
      const onAbort = () => this.kill(cancelled());
      if (this.#death) return reject(this.#death);
      if (signal.aborted) return reject(cancelled());
      this.#onDeath = settle(reject);
      signal.addEventListener('abort', onAbort, { once: true });
      this.tasksRun += 1;
      this.ready.then(task).then(settle(resolve), (error: unknown) => settle(reject)(asOcrError(error)));
    });
  }

  /** Idempotent. The current task, if any, rejects with `reason`. */
  kill(reason: DocjobsError): void {
    if (this.#death) return;
    this.#death = reason;
    clearTimeout(this.#startTimer);
    if (this.#thread) {
      // tesseract.js may still deliver a queued reply for a job it already rejected, and its
      // handler then throws in our process ("Cannot read properties of undefined (reading
      // 'resolve')", seen after a failed initialize). Nothing from this thread matters now.
      this.#thread.removeAllListeners('message');
      this.stopped = this.#thread.terminate().then(
        () => {},
        () => {},
      );
    }
    this.#onDeath?.(reason);
    this.#onGone(this);
  }

  async #start(spec: EngineSpec, timeoutMs: number): Promise<TesseractWorker> {
    const options = {
      cacheMethod: 'none',
      gzip: true,
      errorHandler: (error: unknown) => this.kill(asOcrError(error, !this.#started)),
      // OSD needs the legacy engine; text uses LSTM only (the smaller "best_int" data).
      ...(spec.kind === 'osd'
        ? { langPath: osdDataFolder(), legacyCore: true, legacyLang: true }
        : { langPath: await textDataFolder() }),
    };
    // Loaded here, not at start: a server that never OCRs keeps its ~10 MB and load time.
    const { createWorker, OEM } = await import('tesseract.js');
    const langs = spec.kind === 'osd' ? 'osd' : spec.languages.join('+');
    const oem = spec.kind === 'osd' ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY;
    const quiet = 'debug_file /dev/null'; // a config file: silences tesseract's chatter on stdout
    if (this.#death) throw this.#death;
    this.#startTimer = setTimeout(() => {
      this.kill(transient('OCR_ERROR', `the OCR engine did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    try {
      let thread: Thread | null = null;
      const catchThread = (message: unknown) => {
        thread = (message as { worker: Thread }).worker;
      };
      threadCreated.subscribe(catchThread);
      let created: Promise<TesseractWorker>;
      try {
        created = createWorker(langs, oem, options, quiet);
      } finally {
        threadCreated.unsubscribe(catchThread);
      }
      this.#adopt(thread);
      const worker = await created;
      this.#started = true;
      return worker;
    } catch (error) {
      this.kill(asOcrError(error, true));
      throw error;
    } finally {
      clearTimeout(this.#startTimer);
    }
  }

  #adopt(thread: Thread | null): void {
    if (!thread) throw new Error('tesseract.js did not start a worker thread');
    this.#thread = thread;
    this.setBusy(this.#busy);
    thread.on('error', (error) => this.kill(transient('OCR_ERROR', `OCR thread crashed: ${error.message}`)));
    thread.on('exit', (code) => this.kill(transient('OCR_ERROR', `OCR thread exited (code ${code})`)));
  }
}

/** tesseract.js rejects with strings; a rejection is about the input unless `transient`. */
export function asOcrError(error: unknown, isTransient = false): DocjobsError {
  if (error instanceof DocjobsError) return error;
  const message = `OCR failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
  return isTransient ? transient('OCR_ERROR', message, error) : permanent('OCR_ERROR', message, error);
}
