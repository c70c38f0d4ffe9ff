/**
 * Lines tesseract alone read: kept when they look like text. Tesseract reads a logo, a stamp
 * or the speckle at a scan's edge as short low-confidence strings (`y`, `h`, `In;`, `|`);
 * PaddleOCR's detector passes over those, so a line it did not find must earn its place.
 */
import { area, overlapArea } from '../../boxes.ts';
import type { OcrLine, OcrWord } from '../ocr-page.ts';
import { readingBelief, type Vocabulary, wordBelief } from './evidence.ts';
import { lineOfWords } from './line-pairs.ts';
import { alnumCount } from './word-shape.ts';

/**
 * Words below this belief (tesseract's confidence 0.9) are dropped from a line tesseract alone
 * read: on the 50 SROIE receipts 0.74 of such words at 0.9 or more were right, 0.10 below.
 */
const wordFloor = 0.72;
/** What is left is kept when believed this much and at least this many letters and digits long. */
const lineBelief = 0.72;
const lineChars = 3;
/**
 * A word of such a line lying this much over a word PaddleOCR read is a second reading of ink
 * already read, not text PaddleOCR missed: rows the engines cut differently (a label stacked
 * over its value, a row tesseract saw askew) left "Amount:" and "Discount:" twice.
 */
const readAlready = 0.5;

/**
 * @param paddleVocabulary PaddleOCR's words, upper-cased (evidence.ts).
 * @param paddleWords PaddleOCR's words with their boxes.
 */
export function keptAlone(
  line: OcrLine,
  paddleVocabulary: Vocabulary,
  paddleWords: readonly OcrWord[],
): OcrLine | null {
  const words = line.words.filter(
    (w) =>
      wordBelief(w, 'tesseract', paddleVocabulary) >= wordFloor &&
      !paddleWords.some((p) => overlapArea(w.bbox, p.bbox) >= readAlready * area(w.bbox)),
  );
  if (words.length === 0) return null;
  if (words.reduce((n, w) => n + alnumCount(w.text), 0) < lineChars) return null;
  if (readingBelief(words, 'tesseract', paddleVocabulary) < lineBelief) return null;
  return words.length === line.words.length ? line : lineOfWords(words, line);
}
