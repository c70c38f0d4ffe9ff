/**
 * The process-wide lanes of PaddleOCR: worker threads, each with its own ONNX Runtime sessions
 * on one intra-op thread, made when first needed and kept warm (an idle lane does not keep the
 * process alive). As many lanes as cores by default, like the tesseract pool: a lane reads one
 * page at a time. Cancelling a page frees its caller at once; the lane stops at its next step
 * (after detection, or between two lines: at most ~0.3 s) and is kept, since terminating a
 * thread inside an ONNX Runtime run aborts the whole process.
 *
 * An idle lane ends after `idleReleaseMs` (OCR_IDLE_RELEASE_SECONDS) and the next page starts
 * a new one (~1 s to load the models): after a burst of scans the server gives the memory back.
 *
 * Memory, measured (one lane, scratch script, process RSS): 165 MB with the models loaded, ~510 MB
 * after 20 receipts (ONNX Runtime's buffers for lines of many widths), ~700 MB at the peak of a
 * 34-megapixel scan, which reads in ~1 s: detection sees a copy of at most `detectionSide`
 * pixels, so a large scan costs little more than a small one there.
 */
import { availableParallelism } from 'node:os';
import { DocjobsError } from '../../../core/errors.ts';
import { loadSharp } from '../../images/sharp-settings.ts';
import { ThreadPool } from '../../thread-pool.ts';
import type { GreyImage } from '../grey-image.ts';
import type { PaddleLine } from './paddle-reader.ts';
import type { PaddleTask } from './paddle-worker.ts';

export interface PaddlePoolOptions {
  /** Lanes (threads) at most. Default: os.availableParallelism(). */
  size?: number;
  /**
   * Long side, in pixels, of the copy the detector sees. 960 is PaddleOCR's default; on the SROIE
   * receipts 1600 read no better (CER 0.13 either way) at 1.2× the time.
   */
  detectionSide?: number;
  /** A lane idle this long ends and gives its memory back (0: lanes live until close). */
  idleReleaseMs?: number;
}

const defaults = (): Required<PaddlePoolOptions> => ({
  size: availableParallelism(),
  detectionSide: 960,
  idleReleaseMs: 60_000,
});
let settings = defaults();
let pool: ThreadPool<PaddleTask, PaddleLine[]> | null = null;

/** Before first use, or after closePaddlePool(). */
export function configurePaddlePool(options: PaddlePoolOptions): void {
  if (pool)
    throw new DocjobsError('INTERNAL_ERROR', 'configurePaddlePool() must run before the pool is used');
  const next = { ...settings, ...options };
  for (const [name, value] of Object.entries(next)) {
    if (!Number.isInteger(value) || value < (name === 'idleReleaseMs' ? 0 : 1)) {
      throw new DocjobsError(
        'VALIDATION_ERROR',
        `PaddleOCR pool ${name} must be a positive integer, got ${value}`,
      );
    }
  }
  settings = next;
}

/** The lines of an upright page. Aborting rejects with CANCELLED at once. */
export async function readWithPaddle(image: GreyImage, signal: AbortSignal): Promise<PaddleLine[]> {
  // A lane loads sharp (tensors.ts); on glibc the main thread must hold it first, or a lane's exit
  // unloads libvips under the others (sharp-settings.ts). The main thread loads it on demand.
  await loadSharp();
  pool ??= new ThreadPool<PaddleTask, PaddleLine[]>({
    workerUrl: new URL('./paddle-worker.ts', import.meta.url),
    size: settings.size,
    cooperativeCancel: true, // a lane torn down inside an ONNX Runtime run aborts the process
    idleReleaseMs: settings.idleReleaseMs || undefined, // only idle lanes: none is inside a run
  });
  // A copy of our own to move to the lane: the image stays the caller's.
  const pixels = new Uint8Array(image.data.byteLength);
  pixels.set(image.data);
  const task = { pixels, width: image.width, height: image.height, detectionSide: settings.detectionSide };
  return pool.run(task, { signal, transfer: [pixels.buffer] });
}

export function paddlePoolStats(): { size: number; lanes: number } {
  return { size: settings.size, lanes: pool?.threads ?? 0 };
}

export async function closePaddlePool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}
