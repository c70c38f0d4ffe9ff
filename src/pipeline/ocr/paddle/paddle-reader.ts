/**
 * PaddleOCR's two networks on ONNX Runtime (CPU): the detector finds the text lines on a
 * scaled-down copy of the page, the recogniser reads each line cut from the full-size page.
 * One reader per worker thread (paddle-worker.ts), with one intra-op thread: the pool gives
 * parallelism by lanes, and sessions that each took every core would fight over them.
 */
import * as ort from 'onnxruntime-node';
import { DocjobsError } from '../../../core/errors.ts';
import type { GreyImage } from '../grey-image.ts';
import { type DecodedChar, decodeSteps } from './ctc.ts';
import { inkGaps } from './ink-gaps.ts';
import type { Quad } from './min-area-rect.ts';
import { type PaddleModelFiles, readCharacters } from './models.ts';
import { detectionInput, lineCrop, lineHeight, recognitionBatch } from './tensors.ts';
import { textRegions } from './text-regions.ts';

export interface PaddleLine {
  /** Corners in image pixels: top-left, top-right, bottom-right, bottom-left along the text. */
  quad: Quad;
  chars: DecodedChar[];
  /** Time steps the line's crop spans (the rest of its batch row is padding). */
  steps: number;
  /** Detector's score for the region, 0..1. */
  detection: number;
  /** The region stands upright (1.5 times higher than wide) and was read turned a quarter. */
  upright: boolean;
}

export interface ReadOptions {
  /** Long side of the copy the detector sees (pixels). */
  detectionSide: number;
  /** Checked between the detector and each batch of lines: a run cannot be stopped inside. */
  signal?: AbortSignal;
}

// Lines are recognised one per run: on the CPU a batch gains nothing and pads every line to the
// widest (PaddleOCR's default of 6 cost 1.96 CPU-s a receipt against 1.50 for 1, same text).

export class PaddleReader {
  readonly #detector: ort.InferenceSession;
  readonly #recogniser: ort.InferenceSession;
  readonly #characters: string[];

  private constructor(
    detector: ort.InferenceSession,
    recogniser: ort.InferenceSession,
    characters: string[],
  ) {
    this.#detector = detector;
    this.#recogniser = recogniser;
    this.#characters = characters;
  }

  static async load(files: PaddleModelFiles): Promise<PaddleReader> {
    const options: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // ONNX Runtime's memory arena stays on: without it a lane held 455 MB after 20 receipts
      // instead of 511 MB, but read them 3-5 % slower (1.07 against 1.02-1.04 CPU-s a receipt).
      enableCpuMemArena: true,
    };
    const [detector, recogniser] = await Promise.all([
      ort.InferenceSession.create(files.detection, options),
      ort.InferenceSession.create(files.recognition, options),
    ]);
    return new PaddleReader(detector, recogniser, readCharacters(files.dictionary));
  }

  async read(image: GreyImage, options: ReadOptions): Promise<PaddleLine[]> {
    const stopIfCancelled = () => {
      if (options.signal?.aborted) throw new DocjobsError('CANCELLED', 'OCR was cancelled');
    };
    stopIfCancelled();
    const regions = await this.#detect(image, options.detectionSide);
    const crops = regions.map((r) => ({ region: r, ...lineCrop(image, r.corners) }));
    const lines: PaddleLine[] = [];
    for (const crop of crops) {
      stopIfCancelled();
      const [decoded] = await this.#recognise([crop]);
      lines.push({
        quad: crop.region.corners,
        detection: crop.region.score,
        upright: crop.upright,
        ...decoded!,
      });
    }
    return lines.filter((line) => line.chars.length > 0);
  }

  async #detect(image: GreyImage, side: number) {
    const input = await detectionInput(image, side);
    const tensor = new ort.Tensor('float32', input.data, [1, 3, input.height, input.width]);
    const output = await this.#detector.run({ [this.#detector.inputNames[0]!]: tensor });
    const map = output[this.#detector.outputNames[0]!]!.data as Float32Array;
    const regions = textRegions(map, input.width, input.height);
    const toImage = (x: number, y: number): [number, number] => [x * input.scaleX, y * input.scaleY];
    return regions.map((r) => ({
      ...r,
      corners: r.corners.map(([x, y]) => toImage(x, y)) as Quad,
    }));
  }

  async #recognise(batch: readonly { pixels: Uint8Array; width: number }[]) {
    const input = recognitionBatch(batch);
    const tensor = new ort.Tensor('float32', input.data, [batch.length, 3, 48, input.width]);
    const output = await this.#recogniser.run({ [this.#recogniser.inputNames[0]!]: tensor });
    const probs = output[this.#recogniser.outputNames[0]!]!;
    const [, steps, classes] = probs.dims as [number, number, number];
    if (classes !== this.#characters.length) {
      throw new Error(`the recogniser has ${classes} classes, its dictionary ${this.#characters.length}`);
    }
    const data = probs.data as Float32Array;
    const stepWidth = input.width / steps;
    return batch.map((crop, n) => {
      const own = Math.min(steps, Math.ceil(crop.width / stepWidth));
      const row = data.subarray(n * steps * classes, (n * steps + own) * classes);
      const chars = decodeSteps(row, own, classes, this.#characters);
      const gaps = inkGaps(chars, crop, lineHeight, stepWidth);
      chars.forEach((char, i) => {
        char.gapBefore = gaps[i]!;
      });
      return { chars, steps: own };
    });
  }
}
