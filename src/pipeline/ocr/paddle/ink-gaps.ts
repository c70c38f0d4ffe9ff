/**
 * The blank space between neighbouring characters of a line crop, in multiples of the line's
 * ink height: the typographic view of a word space. Letters of a word stand 0.02-0.1 of the text
 * height apart, words 0.25-0.35 (a proportional font's space; more in monospaced type), and
 * the gap survives blur and upscaling, where the recogniser's space class sometimes does not
 * ("Wordsonly" on a scan enlarged six times: space class at 0.003 between the words).
 */
import type { DecodedChar } from './ctc.ts';

/**
 * Per character, the widest run of blank columns between the previous character's centre and
 * its own, over the crop's ink height. The first character gets 0.
 * @param crop `lineHeight × width` grey pixels; `stepWidth` crop pixels per time step.
 */
export function inkGaps(
  chars: readonly DecodedChar[],
  crop: { pixels: Uint8Array; width: number },
  height: number,
  stepWidth: number,
): number[] {
  const { ink, blank } = columnInk(crop, height);
  const rows = inkRows(crop, height, ink);
  const centre = (c: DecodedChar) => ((c.first + c.last + 1) / 2) * stepWidth;
  return chars.map((char, i) => {
    if (i === 0 || rows === 0) return 0;
    const from = Math.max(0, Math.floor(centre(chars[i - 1]!)));
    const to = Math.min(crop.width, Math.ceil(centre(char)));
    let widest = 0;
    let run = 0;
    for (let x = from; x < to; x++) {
      run = blank[x] ? run + 1 : 0;
      widest = Math.max(widest, run);
    }
    return widest / rows;
  });
}

/** The ink threshold (halfway from the crop's dark end to its paper) and which columns have none. */
function columnInk(crop: { pixels: Uint8Array; width: number }, height: number) {
  const dark = quantile(crop.pixels, 0.02);
  const paper = quantile(crop.pixels, 0.9);
  const ink = (dark + paper) / 2;
  const blank = new Uint8Array(crop.width);
  for (let x = 0; x < crop.width; x++) {
    let any = false;
    for (let y = 0; y < height && !any; y++) any = crop.pixels[y * crop.width + x]! < ink;
    blank[x] = any || paper - dark < 40 ? 0 : 1; // no contrast: no gaps to measure
  }
  return { ink, blank };
}

/** Rows from the first to the last that hold ink: the text's height in the crop. */
function inkRows(crop: { pixels: Uint8Array; width: number }, height: number, ink: number): number {
  let first = -1;
  let last = -1;
  for (let y = 0; y < height; y++) {
    let count = 0;
    for (let x = 0; x < crop.width; x++) if (crop.pixels[y * crop.width + x]! < ink) count++;
    // A row counts when a few of its pixels are ink: specks and the tips of one letter do not.
    if (count >= Math.max(2, crop.width * 0.01)) {
      if (first < 0) first = y;
      last = y;
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

/** The grey level below which `share` of the pixels lie (a histogram: no sort, no copy). */
function quantile(pixels: Uint8Array, share: number): number {
  const counts = new Uint32Array(256);
  for (const v of pixels) counts[v]! += 1;
  const rank = Math.floor(pixels.length * share);
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += counts[v]!;
    if (seen > rank) return v;
  }
  return 255;
}
