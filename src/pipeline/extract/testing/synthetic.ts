/**
 * Parsed documents built in the tests, shaped like what readDocument gives: OCR pages with word
 * boxes and confidences (a receipt photographed), text-layer pages from a generated PDF go
 * through the real parser instead (see built-in-engine.test.ts).
 */
import type { OcrLine, OcrWord, ParsedDocument, ParsedPage } from '../../types.ts';

/** [x, y, text] of one printed run; runs on the same y form one line. Glyphs are `char` wide, `size` high. */
export type Run = [number, number, string];

export function ocrPage(
  runs: Run[],
  options: { confidence?: number; char?: number; size?: number; page?: number } = {},
): ParsedPage {
  const { confidence = 0.92, char = 12, size = 24, page = 1 } = options;
  const byY = new Map<number, OcrWord[]>();
  for (const [x, y, text] of runs) {
    const words = byY.get(y) ?? [];
    let at = x;
    for (const word of text.split(' ')) {
      if (word) words.push({ text: word, bbox: [at, y, at + word.length * char, y + size], confidence });
      at += (word.length + 1) * char;
    }
    byY.set(y, words);
  }
  const lines: OcrLine[] = [...byY.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([y, words]) => {
      words.sort((a, b) => a.bbox[0] - b.bbox[0]);
      return {
        text: words.map((w) => w.text).join(' '),
        bbox: [words[0]!.bbox[0], y, words.at(-1)!.bbox[2], y + size],
        confidence,
        words,
      };
    });
  const text = lines.map((l) => l.text).join('\n');
  return {
    page,
    width: 1000,
    height: 1400,
    text,
    markdown: text,
    textLayer: false,
    source: 'ocr',
    blocks: [{ type: 'paragraph', text, bbox: null }],
    words: lines.flatMap((l) => l.words),
    lines,
    ocr: { mode: 'standard', languages: ['eng'], rotation: 0, confidence },
  };
}

export function documentOf(pages: ParsedPage[], fileType: 'jpeg' | 'pdf' | 'text' = 'jpeg'): ParsedDocument {
  return {
    metadata: {
      pages: pages.length,
      fileType,
      mimeType: 'application/octet-stream',
      title: null,
      author: null,
    },
    pages,
    text: pages.map((p) => p.text).join('\n\n'),
    markdown: pages.map((p) => p.markdown).join('\n\n'),
  };
}

/** A plain-text document (no boxes), as parseText gives. */
export function textDocument(text: string): ParsedDocument {
  const blocks = text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => ({ type: 'paragraph' as const, text: p.trim(), bbox: null }));
  return documentOf(
    [
      {
        page: 1,
        width: null,
        height: null,
        text,
        markdown: text,
        textLayer: true,
        source: 'textLayer',
        blocks,
      },
    ],
    'text',
  );
}
