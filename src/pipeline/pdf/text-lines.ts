/**
 * Text-layer lines in the shape OCR pages have (OcrLine with words and boxes), so that what
 * reasons about layout (extraction: a label and the value to its right or below, table columns)
 * works the same on both kinds of page. Confidence is 1: the text layer is what was printed.
 */
import type { OcrLine, OcrWord } from '../types.ts';
import type { Line } from './layout.ts';

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Word boxes come from the segments (cells, columns) the line was cut into: each segment's
 * width is shared among its words by character count. Exact to the glyph only for monospaced
 * fonts, but a segment never spills into its neighbour, which is what layout reasoning needs.
 * Rotated text (no segments) has no box worth giving and is left out.
 */
export function textLines(lines: readonly Line[]): OcrLine[] {
  const out: OcrLine[] = [];
  for (const line of lines) {
    if (line.segments.length === 0) continue;
    const top = round(line.top);
    const bottom = round(line.bottom);
    const words: OcrWord[] = [];
    for (const seg of line.segments) {
      const tokens = seg.text.split(/\s+/).filter(Boolean);
      const chars = tokens.reduce((sum, t) => sum + t.length, 0) + tokens.length - 1;
      const perChar = chars > 0 ? (seg.x1 - seg.x0) / chars : 0;
      let x = seg.x0;
      for (const text of tokens) {
        const x1 = x + text.length * perChar;
        words.push({ text, bbox: [round(x), top, round(x1), bottom], confidence: 1 });
        x = x1 + perChar;
      }
    }
    if (words.length === 0) continue;
    const text = words.map((w) => w.text).join(' ');
    out.push({ text, bbox: [round(line.x0), top, round(line.x1), bottom], confidence: 1, words });
  }
  return out;
}
