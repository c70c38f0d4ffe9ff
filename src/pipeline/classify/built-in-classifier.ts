/**
 * The default classification engine: deterministic, offline, a few milliseconds per document.
 * A category scores by the share of its own words the document uses (lexical-match.ts), raised or
 * lowered by the layout cues its words call for (layout-cues.ts, cue-affinity.ts): "handwritten"
 * with low-confidence OCR, "receipt" with a column of amounts and a total, "paper" with an
 * abstract and references. Only a capped sample of the text is read (text-sample.ts).
 */
import { roundScore } from '../../core/quality.ts';
import type { ParsedDocument } from '../types.ts';
import { cueAffinity } from './cue-affinity.ts';
import { type CueValues, cueNames, layoutCues } from './layout-cues.ts';
import { categoryVocabulary, DocumentTerms, lexicalScores } from './lexical-match.ts';
import { sampleText } from './text-sample.ts';
import type { Category, ClassificationOutput } from './types.ts';

/**
 * Cues multiply a category's lexical score by e^evidence, as independent evidence adds in log-odds:
 * cues two categories share (amounts for "receipt" and "invoice") cancel out between them, and the
 * cues one calls for alone (a narrow till roll) tell them apart. Evidence is capped at ±2 (×7.4)
 * so that layout cannot outvote a document that names what it is. `cueFloor` lets cues alone
 * rank categories when no word matches (handwriting OCR could not read, a language the
 * categories are not written in).
 */
const maxEvidence = 2;
const cueFloor = 0.05;
/** score = raw / (raw + halfScore): 0..1, a raw score of 0.25 maps to 0.5. */
const halfScore = 0.25;

export function classifyBuiltIn(document: ParsedDocument, categories: Category[]): ClassificationOutput {
  const named = usable(categories);
  const zero = Object.fromEntries(named.map((c) => [c.name, 0]));
  const sample = sampleText(document);
  if (named.length === 0 || sample.trim() === '') return { label: null, confidence: 0, scores: zero };

  const lexical = lexicalScores(categoryVocabulary(named), new DocumentTerms(sample));
  const cues = layoutCues(document, sample);
  const raw = named.map((category, i) => {
    const evidence = cueEvidence(category, cues);
    return (lexical[i]! + cueFloor * Math.max(0, evidence)) * Math.exp(evidence);
  });
  return outcome(named, raw);
}

/**
 * Categories come from a request or a saved set: anything that is not text is dropped here rather
 * than thrown on further down, and a category without a name cannot be a label.
 */
function usable(categories: readonly Category[]): Category[] {
  const texts = (xs: unknown) =>
    Array.isArray(xs) ? xs.filter((x): x is string => typeof x === 'string') : [];
  return (Array.isArray(categories) ? categories : [])
    .filter((c) => typeof c?.name === 'string' && c.name.trim() !== '')
    .map((c) => ({
      name: c.name,
      description: typeof c.description === 'string' ? c.description : '',
      keywords: texts(c.keywords),
      examples: texts(c.examples),
    }));
}

/** Σ affinity × cue over the cues the category calls for, halved and capped: -2..2. */
function cueEvidence(category: Category, cues: CueValues): number {
  const affinity = cueAffinity(category);
  let sum = 0;
  for (const cue of cueNames) sum += (affinity[cue] ?? 0) * cues[cue];
  return Math.max(-maxEvidence, Math.min(maxEvidence, sum / 2));
}

/**
 * The best category; confidence is its score times its lead over the runner-up (1 - ratio of
 * their raw scores), so it is low when nothing matches well and when two categories are close.
 */
function outcome(categories: readonly Category[], raw: readonly number[]): ClassificationOutput {
  const scores = raw.map((r) => r / (r + halfScore));
  let best = 0;
  for (let i = 1; i < raw.length; i++) if (raw[i]! > raw[best]!) best = i;
  const top = raw[best]!;
  const second = Math.max(0, ...raw.filter((_, i) => i !== best));
  const entries = categories.map((c, i) => [c.name, roundScore(scores[i]!)] as const);
  if (top <= 0) return { label: null, confidence: 0, scores: Object.fromEntries(entries) };
  const lead = 1 - second / top;
  return {
    label: categories[best]!.name,
    confidence: roundScore(scores[best]! * (0.2 + 0.8 * lead)),
    scores: Object.fromEntries(entries),
  };
}
