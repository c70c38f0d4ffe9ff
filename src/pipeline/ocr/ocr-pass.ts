/**
 * One OCR pass over the pages that need it, a few pages at a time: enough to keep every OCR
 * worker busy, few enough that rendered pages do not pile up in memory waiting for a worker.
 */
import { DocjobsError, type ErrorCode } from '../../core/errors.ts';
import type { OcrEngineChoice, OcrLanguage, OcrMode } from '../../core/parse-options.ts';
import { ocrPoolStats } from './ocr-pool.ts';
import type { OcrSource } from './ocr-sources.ts';
import { combineScores } from './quality.ts';
import { type OcrPage, recognizeImage } from './recognize.ts';

export type OcrOutcome =
  | { ok: true; result: OcrPage; mode: OcrMode; languages: OcrLanguage[] }
  | { ok: false; code: ErrorCode; message: string };

/** What the trace shows of a pass. */
export interface OcrPass {
  mode: OcrMode;
  pages: number;
  failedPages: number;
  /** Character-weighted confidence of the pages this pass read; null when it read nothing. */
  score: number | null;
  ms: number;
  /** Premium passes: how many pages' results were better than the standard pass's and kept. */
  pagesKept?: number;
  /** A pass over pictures on text-layer pages (picture-pass.ts): how many picture regions it read. */
  pictures?: number;
  /** Pages whose reading an earlier attempt of the job stored (page checkpoints): not read again. */
  reusedPages?: number[];
}

export interface PassOptions {
  mode: OcrMode;
  engine?: OcrEngineChoice;
  languages: OcrLanguage[];
  signal: AbortSignal;
  /** Readings of an earlier attempt, by page: these pages are not read again. */
  kept?: ReadonlyMap<number, OcrOutcome>;
  /** Stores a new reading; awaited before the page counts as done, so a hand-back loses none. */
  onRead?: (page: number, outcome: OcrOutcome) => Promise<void>;
  /** Aborted: take no new page, finish the ones being read, then stop (StageContext.handBack). */
  handBack?: AbortSignal;
  /** Pages done, reused ones included, of `total`; once with the reused count before any page is read. */
  onPageDone?: (done: number, total: number) => void;
}

export async function runOcrPass(
  sources: OcrSource[],
  options: PassOptions,
): Promise<{ pass: OcrPass; outcomes: Map<number, OcrOutcome> }> {
  const started = performance.now();
  const outcomes = new Map<number, OcrOutcome>();
  const reusedPages: number[] = [];
  for (const source of sources) {
    const kept = options.kept?.get(source.page);
    if (!kept) continue;
    outcomes.set(source.page, kept);
    reusedPages.push(source.page);
  }
  const toRead = sources.filter((source) => !outcomes.has(source.page));
  let next = 0;
  let done = reusedPages.length;
  options.onPageDone?.(done, sources.length);
  const lane = async () => {
    while (next < toRead.length && !options.handBack?.aborted) {
      const source = toRead[next++]!;
      const outcome = await readPage(source, options);
      await options.onRead?.(source.page, outcome);
      outcomes.set(source.page, outcome);
      options.onPageDone?.(++done, sources.length);
    }
  };
  // As many pages in flight as the pool has engines: more would only wait, rendered, in memory.
  const lanes = Math.min(toRead.length, ocrPoolStats().size);
  await Promise.all(Array.from({ length: lanes }, lane));
  if (outcomes.size < sources.length) {
    throw new DocjobsError('CANCELLED', 'stopped at a page boundary: the job is handed back');
  }
  const read = [...outcomes.values()].flatMap((o) => (o.ok ? [o.result] : []));
  const score =
    read.length === 0
      ? null
      : combineScores(read.map((r) => ({ score: r.confidence, weight: Math.max(1, r.text.length) })));
  const pass: OcrPass = {
    mode: options.mode,
    pages: sources.length,
    failedPages: sources.length - read.length,
    score,
    ms: Math.round(performance.now() - started),
    ...(reusedPages.length > 0 ? { reusedPages } : {}),
  };
  return { pass, outcomes };
}

/**
 * A page's failure is the page's, not the job's: the others still count. But a cancel stops the
 * pass, and so does a transient failure (an engine that crashed or did not start), which the
 * queue retries with the whole job rather than leave a page missing for no fault of its own.
 */
async function readPage(source: OcrSource, options: PassOptions): Promise<OcrOutcome> {
  const { mode, engine, languages, signal } = options;
  try {
    const { image, scale } = await source.load(mode, signal);
    const result = await recognizeImage(image.data, { languages, mode, engine, signal, scale });
    return { ok: true, result, mode, languages };
  } catch (error) {
    if (signal.aborted || (error instanceof DocjobsError && error.code === 'CANCELLED')) throw error;
    if (error instanceof DocjobsError && error.retryable) throw error;
    if (error instanceof DocjobsError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'OCR_ERROR', message: (error as Error).message ?? String(error) };
  }
}
