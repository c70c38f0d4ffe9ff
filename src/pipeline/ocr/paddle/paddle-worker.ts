/**
 * Worker-thread entry for PaddleOCR (paddle-pool.ts starts it). The models load on the first
 * page a thread gets (~0.2 s) and stay loaded for every page after: a warm lane.
 */
import { serveTasks } from '../../thread-pool.ts';
import { paddleModelFiles } from './models.ts';
import { type PaddleLine, PaddleReader } from './paddle-reader.ts';

export interface PaddleTask {
  /** Upright 8-bit grey pixels, row-major. */
  pixels: Uint8Array;
  width: number;
  height: number;
  detectionSide: number;
}

let reader: Promise<PaddleReader> | null = null;

serveTasks<PaddleTask, PaddleLine[]>(async ({ pixels, width, height, detectionSide }, _progress, signal) => {
  reader ??= PaddleReader.load(paddleModelFiles());
  const lines = await (await reader).read(
    { data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), width, height },
    { detectionSide, signal },
  );
  return { result: lines };
});
