/**
 * Quality scores, 0..1: how far to trust OCR output or a PDF's own text layer. The bands
 * ('Very Confident' ...) are the API's and live in core; re-exported here for callers.
 */
import { roundScore } from '../../core/quality.ts';

export { type QualityCategory, qualityCategory } from '../../core/quality.ts';

/**
 * Tesseract's word confidence (0..100) as a 0..1 score.
 *
 * Measured on the 50 SROIE receipts (5,400 words, upright, eng, LSTM best_int), the share of
 * OCR words found in the ground truth per confidence band was: 90-99 → 0.96, 80-89 → 0.84,
 * 70-79 → 0.70, 60-69 → 0.58, 50-59 → 0.53, 40-49 → 0.45, 30-39 → 0.32, below 30 → ~0.2.
 * From 40 up, confidence/100 already is the chance the word is right, so we do not remap it;
 * below 30 the words that happen to be right are mostly 1-2 character tokens, which the
 * character weighting of ocrConfidence discounts anyway. A clean printed page (docling's
 * ocr_test) scores 0.95; the same page turned 90° reads as garbage at 0.3-0.5.
 */
export function wordConfidence(tesseractConfidence: number): number {
  if (!Number.isFinite(tesseractConfidence)) return 0;
  return Math.min(1, Math.max(0, tesseractConfidence / 100));
}

/** Character-weighted mean of word confidences (0..1); no words → 0. */
export function ocrConfidence(words: readonly { text: string; confidence: number }[]): number {
  let weight = 0;
  let sum = 0;
  for (const word of words) {
    const chars = [...word.text.trim()].length;
    weight += chars;
    sum += chars * word.confidence;
  }
  return weight === 0 ? 0 : roundScore(sum / weight);
}

/**
 * Document score from page scores, weighted (callers weight by characters so a page with
 * two words does not count as much as a full one). Null when there is nothing to weigh.
 */
export function combineScores(pages: readonly { score: number; weight: number }[]): number | null {
  let weight = 0;
  let sum = 0;
  for (const page of pages) {
    if (!(page.weight > 0) || !Number.isFinite(page.score)) continue;
    weight += page.weight;
    sum += page.weight * page.score;
  }
  return weight === 0 ? null : roundScore(sum / weight);
}

// Words: letters/digits, joined by the punctuation that occurs inside real tokens
// (e-mail, o'clock, 12.50, 1,000, 24/7, 10:30, AT&T, a_b, +49) — edges already trimmed.
const wordLike = /^[\p{L}\p{M}\p{N}]+(?:[-‐'’.,/:&@_+·][\p{L}\p{M}\p{N}]+)*$/u;
const edgePunctuation = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const broken = /[\uFFFD\p{Co}\p{Cc}\p{Cs}]|\(cid:\d+\)/u;
const url = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+$|^[^\s@]+@[^\s@]+\.[a-z]{2,}$/iu;
const singleLetter = /^\p{L}$/u;
/** Longer than any word in the usual dictionaries (German compounds run to ~40). */
const longestWord = 40;

/**
 * How much a PDF's text layer looks like real text, 0..1: the character-weighted share of
 * tokens that look like words. Bad tokens: U+FFFD, private-use, control or lone surrogate
 * characters, `(cid:NN)` (glyphs without a Unicode mapping), tokens longer than 40
 * characters (missing spaces, base64), and runs of three or more one-letter tokens
 * ("T h i s" from letter-spaced text). Pure punctuation (bullets, dot leaders, "—") is
 * neutral. Clean prose scores ~1; empty text scores 0.
 */
export function textLayerQuality(text: string): number {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const verdicts = tokens.map(judgeToken);
  markSpelledOutRuns(tokens, verdicts);
  let good = 0;
  let total = 0;
  for (const [k, verdict] of verdicts.entries()) {
    if (verdict === 'neutral') continue;
    const weight = Math.min([...tokens[k]!].length, longestWord);
    total += weight;
    if (verdict === 'good') good += weight;
  }
  return total === 0 ? 0 : roundScore(good / total);
}

type Verdict = 'good' | 'bad' | 'neutral';

function judgeToken(token: string): Verdict {
  if (broken.test(token)) return 'bad';
  if (url.test(token)) return 'good';
  if ([...token].length > longestWord) return 'bad';
  const core = token.replace(edgePunctuation, '');
  if (core === '') {
    // "•", "—", "....", "(1)": neutral; a jumble of symbols ("#$%&*") is extraction noise.
    return new Set(token).size <= 2 || token.length <= 3 ? 'neutral' : 'bad';
  }
  return wordLike.test(core) ? 'good' : 'bad';
}

/** Three or more one-letter tokens in a row are a word spelled out, not words. */
function markSpelledOutRuns(tokens: readonly string[], verdicts: Verdict[]): void {
  let start = 0;
  for (let k = 0; k <= tokens.length; k++) {
    if (k < tokens.length && singleLetter.test(tokens[k]!)) continue;
    if (k - start >= 3) verdicts.fill('bad', start, k);
    start = k + 1;
  }
}
