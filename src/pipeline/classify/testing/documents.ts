/**
 * ParsedDocuments built in the tests, page by page: text-layer PDF pages, or OCR pages whose
 * words carry a confidence (what read-document produces for a scan or a photo).
 */
import type { OcrWord, ParsedDocument, ParsedPage } from '../../types.ts';

export interface PageSpec {
  text: string;
  /** Default: a text-layer page. */
  source?: 'textLayer' | 'ocr';
  /** OCR word confidence (0..1) given to every word; also the page's qualityScore. */
  confidence?: number;
  /** PDF points for PDF pages, pixels for images. Default: US Letter, 612 × 792. */
  size?: [number, number];
}

export function makeDocument(pages: PageSpec[], fileType: 'pdf' | 'jpeg' = 'pdf'): ParsedDocument {
  const parsed = pages.map((spec, i) => makePage(spec, i + 1));
  const text = parsed.map((p) => p.text).join('\n\n');
  const scored = parsed.filter((p) => typeof p.qualityScore === 'number' && p.text !== '');
  return {
    metadata: {
      pages: parsed.length,
      fileType,
      mimeType: fileType === 'pdf' ? 'application/pdf' : 'image/jpeg',
      title: null,
      author: null,
    },
    pages: parsed,
    text,
    markdown: text,
    // As read-document does: pages weighted by their characters.
    qualityScore:
      scored.length === 0
        ? null
        : scored.reduce((sum, p) => sum + p.qualityScore! * p.text.length, 0) /
          scored.reduce((sum, p) => sum + p.text.length, 0),
  };
}

function makePage(spec: PageSpec, page: number): ParsedPage {
  const [width, height] = spec.size ?? [612, 792];
  const text = spec.text.trim();
  const base = { page, width, height, text, markdown: text, blocks: [] };
  if (spec.source !== 'ocr')
    return { ...base, textLayer: true, source: 'textLayer', qualityScore: text ? 1 : null };
  const confidence = spec.confidence ?? 0.9;
  const words: OcrWord[] = text
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w, k) => ({ text: w, bbox: [10 * k, 0, 10 * k + 9, 10], confidence }));
  return { ...base, textLayer: false, source: 'ocr', qualityScore: text ? confidence : null, words };
}
