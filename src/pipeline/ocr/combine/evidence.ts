/**
 * How much to believe one engine's reading of a stretch of a line: the calibrated chance its
 * words are right, moved by what their characters say and by whether the other engine read the
 * same word somewhere else on the page.
 */
import type { OcrWord } from '../ocr-page.ts';
import { type Engine, rightChance } from './calibration.ts';
import { alnumCount, knownShape, suspectShape } from './word-shape.ts';

/**
 * In units of chance of being right. A suspect shape is a strong sign: of PaddleOCR's words
 * that mix a lone look-alike letter into digits, few are in the transcripts. A known shape or
 * the other engine's agreement elsewhere is a weaker one: a misread can fit a shape too.
 */
const suspectCost = 0.3;
const shapeGain = 0.05;
const seenGain = 0.1;

/** Upper-cased words of one engine's whole reading: what the other engine's words are checked against. */
export type Vocabulary = ReadonlySet<string>;

export function vocabularyOf(words: readonly OcrWord[]): Vocabulary {
  return new Set(words.map((w) => bare(w.text)).filter((t) => t.length >= 3));
}

/** A word without the punctuation a line puts round it, upper-cased: for comparing readings. */
export function bare(text: string): string {
  return text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toUpperCase();
}

/** One word's evidence: its chance of being right, moved by its shape and the other reading. */
export function wordBelief(word: OcrWord, engine: Engine, other: Vocabulary): number {
  let belief = rightChance(engine, word.confidence);
  if (suspectShape(word.text)) belief -= suspectCost;
  else if (knownShape(word.text)) belief += shapeGain;
  const core = bare(word.text);
  // Letters-only words: a number seen elsewhere (a price on two lines) says little about this one.
  if (/^\p{L}{3,}$/u.test(core) && other.has(core)) belief += seenGain;
  return belief;
}

/** A reading's belief: its words' beliefs weighted by their letters and digits. */
export function readingBelief(words: readonly OcrWord[], engine: Engine, other: Vocabulary): number {
  let weight = 0;
  let sum = 0;
  for (const word of words) {
    const w = Math.max(1, alnumCount(word.text));
    weight += w;
    sum += w * wordBelief(word, engine, other);
  }
  return weight === 0 ? 0 : sum / weight;
}
