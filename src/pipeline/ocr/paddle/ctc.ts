/**
 * CTC decoding of the recogniser's output, keeping where each character was read.
 *
 * The model reads a 48-pixel-high line crop in time steps 8 px wide and gives, per step, a
 * probability for every class (blank, the characters, space). Greedy decoding keeps each step's
 * best class, drops blanks and merges repeats. The steps a character spans tell where it sits on
 * the line: the model trained on Chinese rarely emits a space between Latin words
 * (`Tampoi81200JohorBahru`), but the gap between two characters' steps still shows one.
 */

export interface DecodedChar {
  char: string;
  /** First and last time step where it was the best class. */
  first: number;
  last: number;
  /** Its best probability over those steps. */
  confidence: number;
  /**
   * The space class's highest probability on the steps between this character and the one
   * before. Between two Latin words the model rarely makes the space its best guess, but gives
   * it 0.1-0.3 there, against under 0.01 between letters of one word.
   */
  spaceBefore: number;
  /** Blank columns before it, over the line's ink height (ink-gaps.ts); 0 until measured. */
  gapBefore: number;
}

/**
 * @param probs `steps × classes` probabilities of one line (row-major).
 * @param characters class index → character (models.ts readCharacters).
 */
export function decodeSteps(
  probs: Float32Array,
  steps: number,
  classes: number,
  characters: readonly string[],
): DecodedChar[] {
  const out: DecodedChar[] = [];
  const space = classes - 1; // PaddleOCR's `use_space_char`: the last class
  let previous = 0;
  let spaceSince = 0;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0;
    let bestP = probs[row]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best === previous) {
      const last = out.at(-1)!;
      last.last = t;
      last.confidence = Math.max(last.confidence, bestP);
    } else if (best !== 0) {
      out.push({
        char: latinForm(characters[best] ?? ''),
        first: t,
        last: t,
        confidence: bestP,
        spaceBefore: spaceSince,
        gapBefore: 0,
      });
      spaceSince = 0;
    } else {
      spaceSince = Math.max(spaceSince, probs[row + space]!);
    }
    previous = best;
  }
  return out;
}

/**
 * The dictionary holds Chinese full-width punctuation beside the Latin ("．", "：", "－"), and
 * the model picks either in Latin print: "72．00" must be a number to the word rules
 * (line-words.ts insideNumber), so characters leave the decoder in their compatibility form.
 */
const latinForm = (char: string): string => char.normalize('NFKC');
