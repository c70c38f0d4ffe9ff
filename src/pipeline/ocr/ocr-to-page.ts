/** An OCR result as a ParsedPage: its paragraphs and tables become blocks, its words and lines stay. */
import type { OcrLanguage, OcrMode } from '../../core/parse-options.ts';
import type { ParsedPage } from '../types.ts';
import { ocrLayout } from './ocr-layout.ts';
import type { OcrPage } from './recognize.ts';

export function applyOcr(
  page: ParsedPage,
  ocr: OcrPage,
  mode: OcrMode,
  languages: OcrLanguage[],
): ParsedPage {
  const quarterTurn = ocr.rotation === 90 || ocr.rotation === 270;
  // A page read after a quarter turn is reported upright, as its boxes are.
  const width = quarterTurn ? page.height : page.width;
  const height = quarterTurn ? page.width : page.height;
  const layout = ocrLayout(ocr.paragraphs, ocr.rulings ?? [], {
    width: width ?? (quarterTurn ? ocr.height : ocr.width),
    height: height ?? (quarterTurn ? ocr.width : ocr.height),
  });
  return {
    ...page,
    width,
    height,
    text: layout.text,
    markdown: layout.markdown,
    source: 'ocr',
    blocks: layout.blocks,
    qualityScore: ocr.text.trim() ? ocr.confidence : null,
    words: ocr.words,
    lines: ocr.lines,
    ocr: { mode, languages, rotation: ocr.rotation, confidence: ocr.confidence, engine: ocr.engine },
  };
}
