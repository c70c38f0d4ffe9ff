/**
 * Which reading of one stretch of a row to keep. Where the engines read the same characters,
 * tesseract's word breaks win (they come from the gaps it measured; PaddleOCR often runs words
 * together) and PaddleOCR's letters are kept. Where they differ, the reading with the better
 * evidence (evidence.ts) wins. Where one engine alone read something, it is kept when believed.
 */
import type { OcrWord } from '../ocr-page.ts';
import { readingBelief, type Vocabulary } from './evidence.ts';
import { alnumCount } from './word-shape.ts';
import type { Span } from './word-spans.ts';

export interface Vocabularies {
  paddle: Vocabulary;
  tesseract: Vocabulary;
}

/**
 * Belief from which a word only one engine read on a row the other engine also read is kept.
 * On the 50 SROIE receipts, such PaddleOCR words at confidence 0.7 or more were right 62 times
 * in 69, below 0.5 once in 10; tesseract's at 0.9 or more 9 in 10, below that 14 in 60 — it
 * reads specks and rules as `|`, `~`, `ee` — and its lone punctuation 27 in 115, so never.
 */
export const aloneBelief = { paddle: 0.4, tesseract: 0.72 } as const;

/**
 * Tesseract's reading replaces PaddleOCR's only when believed by this much more: with nothing
 * to tell them apart, PaddleOCR, the better reader on the whole (CER 0.13 vs 0.21 on SROIE).
 */
const replaceMargin = 0.02;

export function chooseSpan(span: Span, vocabularies: Vocabularies): OcrWord[] {
  const { paddle, tesseract } = span;
  if (tesseract.length === 0) return believed(paddle, 'paddle', vocabularies) ? paddle : [];
  if (paddle.length === 0) return believed(tesseract, 'tesseract', vocabularies) ? tesseract : [];
  const agreed = sameCharacters(paddle, tesseract);
  if (agreed) return agreed;
  const forPaddle = readingBelief(paddle, 'paddle', vocabularies.tesseract);
  const forTesseract = readingBelief(tesseract, 'tesseract', vocabularies.paddle);
  return forTesseract > forPaddle + replaceMargin ? tesseract : paddle;
}

function believed(words: readonly OcrWord[], engine: 'paddle' | 'tesseract', v: Vocabularies): boolean {
  if (words.every((w) => alnumCount(w.text) === 0) && engine === 'tesseract') return false;
  const other = engine === 'paddle' ? v.tesseract : v.paddle;
  return readingBelief(words, engine, other) >= aloneBelief[engine];
}

/**
 * Both engines read the same characters (case aside): PaddleOCR's characters cut at tesseract's
 * word breaks, each word as confident as the surer engine. Null when the readings differ.
 */
function sameCharacters(paddle: readonly OcrWord[], tesseract: readonly OcrWord[]): OcrWord[] | null {
  const letters = paddle.map((w) => w.text).join('');
  const theirs = tesseract.map((w) => w.text).join('');
  if (letters.toUpperCase() !== theirs.toUpperCase()) return null;
  const sure = Math.max(meanConfidence(paddle), meanConfidence(tesseract));
  if (tesseract.length <= paddle.length || letters.length !== theirs.length) {
    return paddle.map((w) => ({ ...w, confidence: Math.max(w.confidence, sure) }));
  }
  let at = 0;
  return tesseract.map((w) => {
    const text = letters.slice(at, at + w.text.length);
    at += w.text.length;
    return { ...w, text, confidence: Math.max(w.confidence, sure) };
  });
}

function meanConfidence(words: readonly OcrWord[]): number {
  const chars = words.reduce((n, w) => n + w.text.length, 0);
  return words.reduce((sum, w) => sum + w.confidence * w.text.length, 0) / Math.max(1, chars);
}
