/** Layout's draw operations as PDF content: text in an embedded font (glyph ids), rules as strokes. */
import {
  beginText,
  endText,
  lineTo,
  moveText,
  moveTo,
  type PDFName,
  type PDFPage,
  type RGB,
  setFillingColor,
  setFontAndSize,
  setLineWidth,
  setStrokingColor,
  showText,
  stroke,
} from 'pdf-lib';
import type { EmbeddedFont, FontStyle } from './embedded-font.ts';
import type { DrawOp } from './layout.ts';

export function drawOps(
  page: PDFPage,
  ops: readonly DrawOp[],
  fontFor: (style: FontStyle) => { name: PDFName; font: EmbeddedFont },
  color: RGB,
): void {
  page.pushOperators(setFillingColor(color), setStrokingColor(color));
  for (const op of ops) {
    if (op.kind === 'text') {
      const { name, font } = fontFor(op.style);
      page.pushOperators(
        beginText(),
        setFontAndSize(name, op.size),
        moveText(round(op.x), round(op.y)),
        showText(font.encode(op.text)),
        endText(),
      );
    } else {
      page.pushOperators(
        setLineWidth(op.width),
        moveTo(round(op.x1), round(op.y1)),
        lineTo(round(op.x2), round(op.y2)),
        stroke(),
      );
    }
  }
}

/** Two decimals are a hundredth of a point: finer than any printer, half the content stream's size. */
const round = (value: number) => Math.round(value * 100) / 100;
