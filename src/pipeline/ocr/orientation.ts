/**
 * Reading a page the right way up when it was scanned sideways or upside down.
 *
 * 1. Read it as it is. Most pages are upright and stop here: no extra cost. So do pages
 *    with nothing like text on them (blank, noise): turning them cannot help.
 * 2. If that reading looks wrong, ask OSD (tesseract's legacy orientation detector) and read
 *    at the turn it suggests.
 * 3. If OSD has no answer, or its turn does not read well either, read the remaining turns
 *    (180°, 90°, 270°), stopping at the first that reads well. Keep the best reading.
 *
 * Why not trust OSD alone: on 23 SROIE receipts × 4 turns it was right 63% of the time as
 * given (wrong 26%, no answer 11%: "Too few characters" on narrow receipts turned 90°), 79%
 * upscaled ×2 (wrong 21%), and its wrong answers were as confident as its right ones
 * (receipt 245: wrong at every turn, confidence 3-4). So a reading is the test.
 */
import { DocjobsError } from '../../core/errors.ts';
import { type GreyImage, pgmOf } from './grey-image.ts';
import type { OcrPage, Rotation } from './ocr-page.ts';
import { withOcrEngine } from './ocr-pool.ts';

/** Words read with at least this confidence count as read (≥ 70: 70-96% are right). */
const solidConfidence = 0.7;

/** Characters in words read with confidence: what a reading has that is worth keeping. */
export function solidChars(page: OcrPage): number {
  let chars = 0;
  for (const word of page.words) if (word.confidence >= solidConfidence) chars += word.text.length;
  return chars;
}

/**
 * Upright receipts read at character-weighted confidence 0.60-0.89 (one faint one 0.27) with
 * 50-80% of their characters solid; turned ones at 0.18-0.47 with at most ~20% solid.
 */
export function readsWell(page: OcrPage): boolean {
  const chars = page.words.reduce((sum, w) => sum + w.text.length, 0);
  return chars > 0 && page.confidence >= 0.55 && solidChars(page) / chars >= 0.35;
}

/**
 * Below this a reading is not text at any turn. Turned pages read upright at 0.18-0.47 (153
 * cases: 51 pages × 3 turns); random noise at 0.05-0.10, blank pages at 0. Skipping them
 * matters: noise is the slowest thing to read (a 2400² noise image: 45 s per read, 166 s
 * for all four turns), and a blank page would pay for OSD and three more reads.
 */
const notText = 0.13;

/**
 * Most of the page's text stood on end (PaddleOCR's stretches higher than wide): a page turned a
 * quarter, whatever its confidence says. Its reading is then no measure of "not text" either.
 */
function standsOnEnd(page: OcrPage): boolean {
  return (page.standing ?? 0) >= 0.5;
}

function better(a: OcrPage, b: OcrPage): boolean {
  const [sa, sb] = [solidChars(a), solidChars(b)];
  return sa !== sb ? sa > sb : a.confidence > b.confidence;
}

export async function readUpright(
  read: (rotation: Rotation) => Promise<OcrPage>,
  detect: () => Promise<Rotation | null>,
): Promise<OcrPage> {
  const upright = await read(0);
  const onItsSide = standsOnEnd(upright);
  if (!onItsSide && (readsWell(upright) || upright.confidence < notText)) return upright;
  let best = upright;
  const suggested = await detect();
  const turns = new Set<Rotation>(
    onItsSide ? [suggested ?? 0, 90, 270, 180] : [suggested ?? 0, 180, 90, 270],
  );
  turns.delete(0);
  for (const rotation of turns) {
    const page = await read(rotation);
    if (better(page, best)) best = page;
    if (best === page && readsWell(page)) break;
  }
  return best;
}

/** Long side OSD sees: at the ~1500 px of a receipt photo it often found too few characters. */
const osdLongSide = 3000;

/**
 * OSD's suggestion: the clockwise turn that makes the page upright, or null when it has no
 * answer. (tesseract reports `orientation_degrees` as the counter-clockwise angle the text
 * is at, which is exactly the clockwise correction: a page turned 90° clockwise reports 270.)
 * OSD only advises: if it fails for any reason but a cancel, the caller reads every turn.
 */
export async function detectRotation(image: GreyImage, signal: AbortSignal): Promise<Rotation | null> {
  try {
    const resize = Math.min(2, osdLongSide / Math.max(image.width, image.height));
    const pgm = await pgmOf(image, { resize });
    const { data } = await withOcrEngine({ kind: 'osd' }, signal, (worker) => worker.detect(pgm as Buffer));
    const degrees = data.orientation_degrees;
    return degrees === 0 || degrees === 90 || degrees === 180 || degrees === 270 ? degrees : null;
  } catch (error) {
    if (signal.aborted || (error instanceof DocjobsError && error.code === 'CANCELLED')) throw error;
    return null;
  }
}
