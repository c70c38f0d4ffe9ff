/**
 * Premium OCR: PaddleOCR's and tesseract's readings of one page, combined. Each of PaddleOCR's
 * lines is matched with the tesseract line over the same stretch of the page, and the one read
 * with the better confidence is kept; tesseract lines nothing matched are added.
 */
import type { OcrLine, OcrPage } from './ocr-page.ts';
import { ocrPageOf } from './ocr-page.ts';
import { orderParagraphs } from './reading-order.ts';

export function combineReadings(paddle: OcrPage, tesseract: OcrPage): OcrPage {
  const used = new Set<OcrLine>();
  const paragraphs = paddle.paragraphs.map((paragraph) => {
    const lines = paragraph.lines.map((line) => {
      const other = tesseract.lines.find((t) => !used.has(t) && sameStretch(line, t));
      if (!other) return line;
      used.add(other);
      return other.confidence > line.confidence ? other : line;
    });
    return { ...paragraph, lines, text: lines.map((l) => l.text).join('\n') };
  });
  const extra = tesseract.paragraphs
    .map((p) => ({
      ...p,
      lines: p.lines.filter((l) => !used.has(l) && !paddle.lines.some((o) => sameStretch(o, l))),
    }))
    .filter((p) => p.lines.length > 0)
    .map((p) => ({ ...p, text: p.lines.map((l) => l.text).join('\n') }));
  const frame = { rotation: paddle.rotation, width: paddle.width, height: paddle.height };
  return {
    ...ocrPageOf(orderParagraphs([...paragraphs, ...extra]), { ...frame, scale: 1, deskew: 0 }),
    rulings: paddle.rulings,
  };
}

/** Most of each line's height shared, and most of the narrower one's width. */
function sameStretch(a: OcrLine, b: OcrLine): boolean {
  const overlap = (a0: number, a1: number, b0: number, b1: number) =>
    Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  const h = overlap(a.bbox[1], a.bbox[3], b.bbox[1], b.bbox[3]);
  const w = overlap(a.bbox[0], a.bbox[2], b.bbox[0], b.bbox[2]);
  const minH = Math.min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1]);
  const minW = Math.min(a.bbox[2] - a.bbox[0], b.bbox[2] - b.bbox[0]);
  return h > 0.5 * minH && w > 0.5 * minW;
}
