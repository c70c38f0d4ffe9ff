/**
 * The quality bands of DESIGN.md "Quality". The score itself comes from the pipeline (OCR word
 * confidences, or the sanity of a text layer); here is only what the API promises about it.
 */
export const qualityCategories = [
  'Very Confident',
  'Confident',
  'Likely Handwriting Problems',
  'Many Problems',
] as const;
export type QualityCategory = (typeof qualityCategories)[number];

/** Lower bounds, best band first. */
const bands: readonly [number, QualityCategory][] = [
  [0.85, 'Very Confident'],
  [0.7, 'Confident'],
  [0.4, 'Likely Handwriting Problems'],
];

export function qualityCategory(score: number): QualityCategory {
  for (const [min, category] of bands) if (score >= min) return category;
  return 'Many Problems';
}

/** Scores are kept to four places: more would only print the noise of floating point. */
export const roundScore = (score: number): number => Math.round(score * 10_000) / 10_000;
