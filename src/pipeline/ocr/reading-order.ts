/**
 * Reading order for an OCR page, from its word boxes, by the same XY-cut as text-layer pages
 * (layout/xy-cut.ts). Tesseract finds columns itself but lists its blocks in an order of its own
 * (on a scanned three-column page it may give a right column before a middle one, or read a line
 * across a narrow gutter): its lines, cut where words are further apart than a line is high, are
 * the boxes; the leaves come out column by column.
 *
 * A page with no columns keeps tesseract's order untouched (receipts, forms and letters read as
 * before). Lines split across a gutter become one line per column; paragraphs are tesseract's,
 * cut where their lines now belong to different regions.
 */

import { unionOf } from '../boxes.ts';
import { type Box, xyCut } from '../layout/xy-cut.ts';
import { ocrConfidence } from './quality.ts';

// ocr-page.ts's shapes, restated: it imports this file.
type OcrBox = [number, number, number, number];
interface OcrWord {
  text: string;
  bbox: OcrBox;
  confidence: number;
}
interface OcrLine {
  text: string;
  bbox: OcrBox;
  confidence: number;
  words: OcrWord[];
  size?: number;
  baseline?: OcrBox;
}
interface OcrParagraph {
  text: string;
  bbox: OcrBox;
  lines: OcrLine[];
}

interface Piece extends Box {
  paragraph: number;
  line: number;
  words: OcrWord[];
}

/** Words further apart than this many line heights are in different columns (or cells). */
const PIECE_GAP = 1.0;

export function orderParagraphs(paragraphs: readonly OcrParagraph[]): OcrParagraph[] {
  const pieces: Piece[] = [];
  paragraphs.forEach((p, pi) => {
    p.lines.forEach((line, li) => {
      const h = line.bbox[3] - line.bbox[1];
      let words: OcrWord[] = [];
      const flush = () => {
        if (words.length > 0) pieces.push(piece(pi, li, words));
        words = [];
      };
      const sorted = [...line.words].sort((a, b) => a.bbox[0] - b.bbox[0]);
      for (const w of sorted) {
        const prev = words.at(-1);
        if (prev && w.bbox[0] - prev.bbox[2] > PIECE_GAP * h) flush();
        words.push(w);
      }
      flush();
    });
  });
  const { regions, gutters } = xyCut(pieces);
  if (gutters.length === 0) return [...paragraphs];

  const out: OcrParagraph[] = [];
  for (const region of regions) {
    // Lines of the region top to bottom; pieces of one tesseract line in it are one line again.
    const byLine = new Map<string, Piece[]>();
    for (const p of region) {
      const key = `${p.paragraph}:${p.line}`;
      byLine.set(key, [...(byLine.get(key) ?? []), p]);
    }
    const lines = [...byLine.values()]
      .map((ps) => ({
        paragraph: ps[0]!.paragraph,
        line: lineOf(paragraphs[ps[0]!.paragraph]!.lines[ps[0]!.line]!, ps),
      }))
      .sort((a, b) => a.line.bbox[1] - b.line.bbox[1] || a.line.bbox[0] - b.line.bbox[0]);
    let current: { paragraph: number; lines: OcrLine[] } | null = null;
    for (const l of lines) {
      if (current && current.paragraph === l.paragraph) current.lines.push(l.line);
      else {
        if (current) out.push(paragraphOf(current.lines));
        current = { paragraph: l.paragraph, lines: [l.line] };
      }
    }
    if (current) out.push(paragraphOf(current.lines));
  }
  return out;
}

function piece(paragraph: number, line: number, words: OcrWord[]): Piece {
  const [x0, top, x1, bottom] = unionOf(words.map((w) => w.bbox));
  return {
    x0,
    x1,
    top,
    bottom,
    chars: words.reduce((n, w) => n + w.text.length + 1, -1),
    paragraph,
    line,
    words,
  };
}

/** The original line when all its words are here, else a line of these words. */
function lineOf(original: OcrLine, pieces: readonly Piece[]): OcrLine {
  const words = pieces.flatMap((p) => p.words).sort((a, b) => a.bbox[0] - b.bbox[0]);
  if (words.length === original.words.length) return original;
  return {
    ...original,
    text: words.map((w) => w.text).join(' '),
    bbox: unionOf(words.map((w) => w.bbox)),
    confidence: ocrConfidence(words),
    words,
  };
}

function paragraphOf(lines: OcrLine[]): OcrParagraph {
  return { text: lines.map((l) => l.text).join('\n'), bbox: unionOf(lines.map((l) => l.bbox)), lines };
}
