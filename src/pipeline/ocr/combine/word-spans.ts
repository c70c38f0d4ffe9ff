/**
 * One row's two readings cut into stretches both engines read as a whole. The engines split
 * words differently — PaddleOCR's `Tampoi,81200` is tesseract's `Tampoi,` and `81200`, its
 * `TAXINVOICE` tesseract's `TAX INVOICE` — so words are grouped by where they lie along the
 * row: a PaddleOCR word and a tesseract word whose boxes share enough of their width are one
 * stretch, and so, in turn, is everything joined to them. A word nothing overlaps is a stretch
 * one engine alone read.
 */
import type { OcrWord } from '../ocr-page.ts';

export interface Span {
  paddle: OcrWord[];
  tesseract: OcrWord[];
}

/**
 * Shared width, as a share of the narrower word, from which two words read the same ink.
 * PaddleOCR's word boxes come from its characters' time steps (line-words.ts), half a character
 * loose either end; two fifths of the narrower word keeps a neighbour's loose edge from joining.
 */
const sameInk = 0.4;

/** Both lists left to right; the spans come out left to right. */
export function alignSpans(paddle: readonly OcrWord[], tesseract: readonly OcrWord[]): Span[] {
  const words = [
    ...paddle.map((w) => ({ w, paddle: true })),
    ...tesseract.map((w) => ({ w, paddle: false })),
  ];
  const parent = words.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    return r;
  };
  for (let i = 0; i < paddle.length; i++) {
    for (let j = paddle.length; j < words.length; j++) {
      if (overlapShare(words[i]!.w, words[j]!.w) >= sameInk) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, Span>();
  words.forEach(({ w, paddle: isPaddle }, i) => {
    const key = root(i);
    const span = groups.get(key) ?? { paddle: [], tesseract: [] };
    (isPaddle ? span.paddle : span.tesseract).push(w);
    groups.set(key, span);
  });
  const start = (s: Span) => Math.min(...[...s.paddle, ...s.tesseract].map((w) => w.bbox[0]));
  return [...groups.values()].sort((a, b) => start(a) - start(b));
}

function overlapShare(a: OcrWord, b: OcrWord): number {
  const shared = Math.min(a.bbox[2], b.bbox[2]) - Math.max(a.bbox[0], b.bbox[0]);
  const narrower = Math.min(a.bbox[2] - a.bbox[0], b.bbox[2] - b.bbox[0]);
  return narrower <= 0 ? 0 : Math.max(0, shared) / narrower;
}
