/**
 * The process-wide pool of OCR engines (tesseract.js workers), shared by all jobs.
 *
 * Engines are made lazily and kept warm: starting one costs ~0.25 s and ~150 MB (a thread
 * with its own wasm memory), reading a receipt ~0.4 s, so re-using them is most of the win.
 * Warm, not forever: an engine idle for `idleReleaseMs` (OCR_IDLE_RELEASE_SECONDS) ends, so a
 * server gives its OCR memory back between bursts of scans.
 * The size bounds threads (hence memory and cores), counting text and OSD engines alike.
 * Each engine is loaded for one language set ('eng+deu') or for orientation detection; when
 * a task needs a set no idle engine has and the pool is full, an idle text engine switches
 * languages in place (tesseract's reinitialize) and anything else is replaced.
 *
 * Waiting tasks are served first come, first served: the head of the queue can always use
 * any idle engine, so the only wait is for a busy one. Callers must not hold one engine
 * while asking for another (with size 1 that would wait forever); recognize.ts does not.
 */
import { availableParallelism } from 'node:os';
import type { Worker as TesseractWorker } from 'tesseract.js';
import { DocjobsError } from '../../core/errors.ts';
import { asOcrError, cancelled, type EngineSpec, OcrEngine, specKey } from './engine.ts';
import { type OcrLanguage, parseOcrLanguages } from './languages.ts';

export interface OcrPoolOptions {
  /** Engines (threads) at most. Default: os.availableParallelism(). */
  size?: number;
  /** A start that hangs (tesseract.js never settles when language data fails to load) fails after this. */
  startTimeoutMs?: number;
  /**
   * Tasks after which an engine is replaced: wasm memory only grows (an engine that once read a
   * 35-megapixel scan keeps that memory), and a fresh engine costs 0.25 s, i.e. nothing per task.
   */
  recycleAfter?: number;
  /**
   * An engine idle this long ends and gives its thread and wasm memory back (~150 MB, more after
   * a large scan); the next page starts a new one in ~0.25 s. 0: engines live until close.
   */
  idleReleaseMs?: number;
}

interface Waiter {
  spec: EngineSpec;
  signal: AbortSignal;
  resolve: (engine: OcrEngine) => void;
  reject: (error: DocjobsError) => void;
  onAbort: () => void;
}

const defaults = (): Required<OcrPoolOptions> => ({
  size: availableParallelism(),
  startTimeoutMs: 30_000,
  recycleAfter: 200,
  idleReleaseMs: 60_000,
});

let settings = defaults();
const engines = new Set<OcrEngine>();
/** Idle engines, least recently used first (a Set iterates in insertion order). */
const idle = new Set<OcrEngine>();
const queue: Waiter[] = [];
/** Idle engines' release timers (unref'd: an idle pool keeps no process alive). */
const idleTimers = new Map<OcrEngine, NodeJS.Timeout>();
let dispatching = false;

/** Before first use, or after closeOcrPool(). */
export function configureOcrPool(options: OcrPoolOptions): void {
  if (engines.size > 0 || queue.length > 0) {
    throw new DocjobsError('INTERNAL_ERROR', 'configureOcrPool() must run before the OCR pool is used');
  }
  const next = { ...settings, ...options };
  for (const [name, value] of Object.entries(next)) {
    if (!Number.isInteger(value) || value < (name === 'idleReleaseMs' ? 0 : 1)) {
      throw new DocjobsError('VALIDATION_ERROR', `OCR pool ${name} must be a positive integer, got ${value}`);
    }
  }
  settings = next;
}

/**
 * Runs `task` on an engine loaded for `spec`, waiting for one if all are busy. Aborting while
 * waiting leaves the queue; aborting while running terminates the engine (see engine.ts).
 * Either way the promise rejects with CANCELLED at once.
 */
export async function withOcrEngine<T>(
  spec: EngineSpec,
  signal: AbortSignal,
  task: (worker: TesseractWorker) => Promise<T>,
): Promise<T> {
  const engine = await acquire(spec, signal);
  try {
    return await engine.run(signal, task);
  } catch (error) {
    // A failed engine is not trusted again. A cancel has already killed it, or never started.
    if (!(error instanceof DocjobsError && error.code === 'CANCELLED')) engine.kill(asOcrError(error));
    throw error;
  } finally {
    release(engine);
  }
}

/** Starts engines ahead of the first job (optional): `engines` of them, for `languages`. */
export async function warmOcrPool(
  options: { languages?: readonly OcrLanguage[]; engines?: number } = {},
): Promise<void> {
  const spec: EngineSpec = { kind: 'text', languages: parseOcrLanguages(options.languages ?? ['eng']) };
  const count = Math.min(options.engines ?? settings.size, settings.size);
  const signal = new AbortController().signal;
  await Promise.all(Array.from({ length: count }, () => withOcrEngine(spec, signal, async () => {})));
}

/** Terminates every engine and rejects queued and running tasks with CANCELLED. Safe to repeat. */
export async function closeOcrPool(): Promise<void> {
  const reason = () => new DocjobsError('CANCELLED', 'the OCR pool was closed');
  for (const waiter of queue.splice(0)) {
    waiter.signal.removeEventListener('abort', waiter.onAbort);
    waiter.reject(reason());
  }
  const all = [...engines];
  for (const engine of all) engine.kill(reason());
  await Promise.all(all.map((engine) => engine.stopped));
}

/** For tests and the trace. */
export function ocrPoolStats(): { size: number; engines: string[]; idle: number; queued: number } {
  return {
    size: settings.size,
    engines: [...engines].map((e) => e.key),
    idle: idle.size,
    queued: queue.length,
  };
}

function acquire(spec: EngineSpec, signal: AbortSignal): Promise<OcrEngine> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const waiter: Waiter = {
      spec,
      signal,
      resolve,
      reject,
      onAbort: () => {
        queue.splice(queue.indexOf(waiter), 1);
        reject(cancelled());
      },
    };
    signal.addEventListener('abort', waiter.onAbort, { once: true });
    queue.push(waiter);
    dispatch();
  });
}

function release(engine: OcrEngine): void {
  if (engine.dead) return; // already gone from the pool (onGone)
  if (engine.tasksRun >= settings.recycleAfter) {
    engine.kill(new DocjobsError('CANCELLED', 'OCR engine recycled'));
  } else {
    engine.setBusy(false);
    idle.add(engine);
    releaseWhenIdle(engine);
    dispatch();
  }
}

/** Ends `engine` if it is still idle `idleReleaseMs` from now (claim() stops the timer). */
function releaseWhenIdle(engine: OcrEngine): void {
  if (settings.idleReleaseMs === 0) return;
  const timer = setTimeout(() => {
    idleTimers.delete(engine);
    if (!idle.delete(engine)) return;
    engine.kill(new DocjobsError('CANCELLED', 'OCR engine released when idle'));
  }, settings.idleReleaseMs);
  timer.unref();
  idleTimers.set(engine, timer);
}

function stopIdleTimer(engine: OcrEngine): void {
  clearTimeout(idleTimers.get(engine));
  idleTimers.delete(engine);
}

function onGone(engine: OcrEngine): void {
  stopIdleTimer(engine);
  engines.delete(engine);
  idle.delete(engine);
  dispatch(); // its place may go to a waiting task
}

function dispatch(): void {
  if (dispatching) return; // re-entered through kill() → onGone(); the loop below goes on
  dispatching = true;
  try {
    while (queue.length > 0) {
      const engine = claim(queue[0]!.spec);
      if (!engine) return;
      const waiter = queue.shift()!;
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      engine.setBusy(true);
      waiter.resolve(engine);
    }
  } finally {
    dispatching = false;
  }
}

/** An engine for `spec`: an idle one loaded for it, a new one, or an idle one turned over. */
function claim(spec: EngineSpec): OcrEngine | null {
  const key = specKey(spec);
  const same = [...idle].find((engine) => engine.key === key);
  if (same) {
    idle.delete(same);
    stopIdleTimer(same);
    return same;
  }
  if (engines.size >= settings.size) {
    const other = idle.values().next().value;
    if (!other) return null;
    idle.delete(other);
    stopIdleTimer(other);
    if (spec.kind === 'text' && other.spec.kind === 'text') {
      other.switchLanguages(spec);
      return other;
    }
    other.kill(new DocjobsError('CANCELLED', 'OCR engine replaced'));
  }
  const engine = new OcrEngine(spec, { startTimeoutMs: settings.startTimeoutMs, onGone });
  engines.add(engine);
  return engine;
}
