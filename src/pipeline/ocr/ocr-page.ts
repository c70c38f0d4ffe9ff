/** The shape of an OCR result, and how tesseract's block tree becomes one. */
import type { Block } from 'tesseract.js';
import type { Ruling } from '../pdf/tables/lattice.ts';
import { ocrConfidence, wordConfidence } from './quality.ts';
import { orderParagraphs } from './reading-order.ts';

/** [x0, y0, x1, y1], origin top-left of the upright page. */
export type OcrBox = [number, number, number, number];

export interface OcrWord {
  text: string;
  bbox: OcrBox;
  /** 0..1 */
  confidence: number;
}

export interface OcrLine {
  text: string;
  bbox: OcrBox;
  /** Character-weighted mean of its words' confidences. */
  confidence: number;
  words: OcrWord[];
  /**
   * Its text's height, ascender top to descender bottom (tesseract's row height plus descenders),
   * in the boxes' units. Unlike the box's height it does not grow when the page is skewed: a
   * long line's box on a page turned 2.5° is twice as high as its letters.
   */
  size?: number;
  /** Its baseline from the left end to the right [x0, y0, x1, y1], in the boxes' units. */
  baseline?: OcrBox;
}

export interface OcrParagraph {
  text: string;
  bbox: OcrBox;
  lines: OcrLine[];
}

/** Clockwise turn applied to the image before reading it. */
export type Rotation = 0 | 90 | 180 | 270;

export interface OcrPage {
  /** Paragraphs separated by a blank line, lines by '\n'. */
  text: string;
  /** As `text`, with line starts that markdown would read as structure escaped. */
  markdown: string;
  paragraphs: OcrParagraph[];
  lines: OcrLine[];
  words: OcrWord[];
  /** 0..1, character-weighted word confidence (quality.ts). */
  confidence: number;
  rotation: Rotation;
  /**
   * Size in pixels of the image as read (after its EXIF orientation, before `rotation`): for
   * a quarter turn the upright page, which the boxes describe, is height × width.
   */
  width: number;
  height: number;
  /** Ruling lines found in the page image (image-rulings.ts), in the boxes' units: lattice tables. */
  rulings?: Ruling[];
  /**
   * PaddleOCR: the share of its characters read from stretches standing on end (a page lying on
   * its side, orientation.ts). Not set by tesseract, which finds no such stretches.
   */
  standing?: number;
  /** Who read it: one engine, or both combined (premium, combine-readings.ts). */
  engine?: 'paddle' | 'tesseract' | 'paddle+tesseract';
}

export interface PageFrame {
  rotation: Rotation;
  /** The image as read, before `rotation`. */
  width: number;
  height: number;
  /** Box coordinates are divided by this (pixels per PDF point for rendered pages). */
  scale: number;
  /** tesseract's `rotateRadians` when it deskewed (premium); 0 otherwise. */
  deskew: number;
}

export function pageFromBlocks(blocks: readonly Block[] | null, frame: PageFrame): OcrPage {
  const box = boxMapper(frame);
  const point = pointMapper(frame);
  const paragraphs: OcrParagraph[] = [];
  for (const paragraph of (blocks ?? []).flatMap((block) => block.paragraphs)) {
    const lines: OcrLine[] = [];
    for (const line of paragraph.lines) {
      const words = line.words
        .map((w) => ({ text: w.text.trim(), bbox: box(w.bbox), confidence: wordConfidence(w.confidence) }))
        .filter((w) => w.text !== '');
      if (words.length === 0) continue;
      // tesseract's line text keeps the spacing between words (wide gaps under
      // preserve_interword_spaces); joining the words would lose that.
      const text = line.text.trim() || words.map((w) => w.text).join(' ');
      lines.push({
        text,
        bbox: box(line.bbox),
        confidence: ocrConfidence(words),
        words,
        ...rowGeometry(line, point, frame.scale),
      });
    }
    if (lines.length === 0) continue;
    paragraphs.push({ text: lines.map((l) => l.text).join('\n'), bbox: box(paragraph.bbox), lines });
  }
  return { ...ocrPageOf(orderParagraphs(paragraphs), frame), engine: 'tesseract' };
}

export function ocrPageOf(paragraphs: OcrParagraph[], frame: PageFrame): OcrPage {
  const lines = paragraphs.flatMap((p) => p.lines);
  const words = lines.flatMap((l) => l.words);
  return {
    text: paragraphs.map((p) => p.text).join('\n\n'),
    markdown: ocrMarkdown(paragraphs.map((p) => p.text)),
    paragraphs,
    lines,
    words,
    confidence: ocrConfidence(words),
    rotation: frame.rotation,
    width: frame.width,
    height: frame.height,
  };
}

/** A line's text height and baseline in the page's units, when tesseract measured them. */
function rowGeometry(
  line: Block['paragraphs'][number]['lines'][number],
  point: (x: number, y: number) => [number, number],
  scale: number,
): Pick<OcrLine, 'size' | 'baseline'> {
  const { rowAttributes: row, baseline } = line;
  const out: Pick<OcrLine, 'size' | 'baseline'> = {};
  const height = (row?.rowHeight ?? 0) + (row?.descenders ?? 0);
  if (height > 0) out.size = Math.round((height / scale) * 100) / 100;
  if (baseline && baseline.x1 > baseline.x0)
    out.baseline = [...point(baseline.x0, baseline.y0), ...point(baseline.x1, baseline.y1)];
  return out;
}

/** The upright page's size, and a point of the deskewed image turned back onto it (image pixels). */
function unturner(frame: PageFrame): {
  w: number;
  h: number;
  unturn: (x: number, y: number) => [number, number];
} {
  const quarter = frame.rotation === 90 || frame.rotation === 270;
  const [w, h] = quarter ? [frame.height, frame.width] : [frame.width, frame.height];
  const [cos, sin] = [Math.cos(-frame.deskew), Math.sin(-frame.deskew)];
  const unturn = (x: number, y: number): [number, number] => {
    const [dx, dy] = [x - w / 2, y - h / 2];
    return [w / 2 + dx * cos - dy * sin, h / 2 + dx * sin + dy * cos];
  };
  return { w, h, unturn };
}

/** As boxMapper, for one point and without clamping to the page (a baseline's end may lie past it). */
function pointMapper(frame: PageFrame): (x: number, y: number) => [number, number] {
  const { unturn } = unturner(frame);
  const at = (v: number) => Math.round((v / frame.scale) * 100) / 100;
  return (x, y) => {
    const [px, py] = unturn(x, y);
    return [at(px), at(py)];
  };
}

/**
 * Tesseract's boxes → ours. A deskewed read (premium) reports boxes on the image turned by
 * `deskew` radians about its centre, same size; turning their corners back puts them on the
 * page image again (checked on a page tilted 2.5°: word centres land within 1-2 px of the
 * standard read's, instead of 20-30 px off). Then clamp to the page and apply the scale.
 */
export function boxMapper(
  frame: PageFrame,
): (b: { x0: number; y0: number; x1: number; y1: number }) => OcrBox {
  const { w, h, unturn } = unturner(frame);
  const at = (v: number, max: number) =>
    Math.round((Math.min(max, Math.max(0, v)) / frame.scale) * 100) / 100;
  return ({ x0, y0, x1, y1 }) => {
    if (frame.deskew === 0) return [at(x0, w), at(y0, h), at(x1, w), at(y1, h)];
    const corners = [unturn(x0, y0), unturn(x1, y0), unturn(x0, y1), unturn(x1, y1)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => c[1]);
    return [at(Math.min(...xs), w), at(Math.min(...ys), h), at(Math.max(...xs), w), at(Math.max(...ys), h)];
  };
}

/** Paragraph texts (lines split by '\n') → the OCR page's markdown. */
export function ocrMarkdown(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => p.split('\n').map(escapeLineStart).join('\n')).join('\n\n');
}

/**
 * OCR text is not markdown, but it will be read as markdown: a receipt's "* THANK YOU *"
 * would become a list item, "# 12" a heading, "-----" a rule. A backslash keeps them text;
 * nothing inside a line is escaped (a stray '*' or '_' pair is rare and harmless).
 */
function escapeLineStart(line: string): string {
  if (/^\s*([-*_=])(\s*\1)*\s*$/.test(line)) return line.replace(/^(\s*)/, '$1\\'); // rules, setext
  return line
    .replace(/^(\s*)(#{1,6}(?=\s|$)|>|[-*+](?=\s|$))/, '$1\\$2') // heading, quote, bullet
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2'); // "1. " numbered list
}
