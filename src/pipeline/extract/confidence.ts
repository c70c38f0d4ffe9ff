/**
 * A value's confidence, from the evidence for it rather than a constant per rule: how it was
 * found (a label and where the value sits from it, or a guess from the page's layout: the
 * candidate's score, locate.ts and header-party.ts), how sure OCR was of the very words read,
 * and whether a cross-check held (totals.ts, item-checks.ts).
 *
 * Measured with bench/calibration.ts over SROIE (OCR and reference text) and invoice2data
 * (PDF and PNG): before this, values at 0.8-0.9 were right 84.5 % of the time and OCR'd names at
 * 0.85 were wrong once in three (one misread letter fails an exact match). A multi-word value
 * is right only when every word is, so its OCR trust is the product of its words' confidences;
 * a one-word value (an amount, a date) its word's. Layout guesses (the issuer is the first name
 * at the top, its address the lines under it) were right 74 % and 44 % of the time on perfect
 * text, so they start lower than a labelled value.
 */
import type { BoundingBox } from '../types.ts';
import type { DocLine, DocWord } from './doc-lines.ts';

/** No value is surer than this: the engine reads, it does not know. */
export const maxConfidence = 0.97;

/**
 * Below this a value is withheld (null): on the benches such values were right less than one
 * time in four, and a wrong value costs a user more than a missing one they can see is missing.
 */
export const abstainBelow = 0.3;

const overlaps = (a: BoundingBox, b: BoundingBox) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** The words of `lines` the value was read from: those inside its box, or all when it has none. */
export function valueWords(lines: readonly DocLine[], bbox: BoundingBox | null): DocWord[] {
  const words = lines.flatMap((l) => l.words);
  if (!bbox) return words;
  const inside = words.filter((w) => w.bbox && overlaps(w.bbox, bbox));
  return inside.length > 0 ? inside : words;
}

/**
 * How far OCR can be trusted on these words: 1 on a text layer; the product of the words'
 * confidences otherwise, each floored at 0.1 so that one speck does not zero a long address.
 */
export function ocrTrust(words: readonly DocWord[]): number {
  return words.reduce((p, w) => p * Math.max(0.1, Math.min(1, w.confidence)), 1);
}

export interface Evidence {
  /** The candidate's own score: label strength × placement × fit (locate.ts), or a guess's score. */
  score: number;
  /** Found from a label, guessed from the page's layout (the issuer at the top), or found by its own shape (the only date). */
  source: 'label' | 'layout' | 'shape';
  /** OCR trust of the value's words (ocrTrust). */
  trust: number;
  /**
   * The OCR factor the score already holds for the whole line (locate.ts: 0.55 + 0.45 × the
   * line's confidence); the value's own words replace it, so OCR is not counted twice.
   */
  lineFactor?: number;
  /** A cross-check: 1 none, > 1 held (total = subtotal + tax), < 1 failed. */
  check?: number;
}

/** Layout guesses are right less often than their score says (see above). */
const layoutFactor = 0.85;

export function confidenceOf(e: Evidence): number {
  const base = e.source === 'layout' ? e.score * layoutFactor : e.score;
  // The square root: tesseract's word confidences run low on words it reads right (a right
  // date at 0.6 is common); the full product withheld a third of the right OCR dates.
  const value = (base / (e.lineFactor ?? 1)) * Math.sqrt(e.trust) * (e.check ?? 1);
  return Math.round(Math.max(0, Math.min(maxConfidence, value)) * 1000) / 1000;
}
