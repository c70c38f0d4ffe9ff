/**
 * Which pages PaddleOCR may read. Its only recogniser shipped is PaddleOCR's Chinese/Latin model:
 * English reads well (SROIE receipts: word-F1 0.85 against tesseract's 0.72), but its 6,623
 * characters lack letters that German, French and Spanish need (ö ß ñ ç ê are not among them),
 * so a page asked for in those goes to tesseract. The lists are the API's (core/parse-options.ts).
 */
import { type OcrEngineChoice, ocrEngines, paddleLanguages } from '../../../core/parse-options.ts';
import type { OcrLanguage } from '../languages.ts';

export { type OcrEngineChoice, ocrEngines };

export function paddleReads(languages: readonly OcrLanguage[]): boolean {
  return languages.every((language) => paddleLanguages.includes(language));
}
