/** An OCR result as a ParsedPage: its paragraphs become blocks, its words and lines stay. */
import type { OcrLanguage, OcrMode } from '../../core/parse-options.ts';
import type { ParsedPage } from '../types.ts';
import type { OcrPage } from './recognize.ts';

export function applyOcr(
  page: ParsedPage,
  ocr: OcrPage,
  mode: OcrMode,
  languages: OcrLanguage[],
): ParsedPage {
  const quarterTurn = ocr.rotation === 90 || ocr.rotation === 270;
  return {
    ...page,
    // A page read after a quarter turn is reported upright, as its boxes are.
    width: quarterTurn ? page.height : page.width,
    height: quarterTurn ? page.width : page.height,
    text: ocr.text,
    markdown: ocr.markdown,
    source: 'ocr',
    blocks: ocr.paragraphs.map((p) => ({ type: 'paragraph' as const, text: p.text, bbox: p.bbox })),
    qualityScore: ocr.text.trim() ? ocr.confidence : null,
    words: ocr.words,
    lines: ocr.lines,
    ocr: { mode, languages, rotation: ocr.rotation, confidence: ocr.confidence },
  };
}
