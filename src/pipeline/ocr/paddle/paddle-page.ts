/**
 * PaddleOCR's lines → an OcrPage like tesseract's: words with boxes and confidences, lines,
 * paragraphs, in reading order.
 *
 * The detector finds stretches of text, not lines: a receipt's "Total" and its "$8.20" at the
 * other end of the row are two regions. Regions whose centre lines meet are one row, read left
 * to right, as tesseract would give the row. Rows close under one another are a paragraph.
 */
import { unionOf } from '../../boxes.ts';
import type { OcrBox, OcrLine, OcrPage, OcrParagraph, OcrWord, Rotation } from '../ocr-page.ts';
import { boxMapper, ocrPageOf } from '../ocr-page.ts';
import { orderParagraphs } from '../reading-order.ts';
import { mendConfusables } from './confusables.ts';
import type { DecodedChar } from './ctc.ts';
import { insideNumber, lineWords } from './line-words.ts';
import type { Point } from './min-area-rect.ts';
import type { PaddleLine } from './paddle-reader.ts';

export interface PaddleFrame {
  rotation: Rotation;
  /** The image as read, before `rotation`. */
  width: number;
  height: number;
  /** Box coordinates are divided by this. */
  scale: number;
}

/**
 * What an upright stretch's confidence is worth. Latin text is almost never set on end, but a
 * page scanned a quarter turn off is all upright stretches, which the recogniser reads turned
 * into confident nonsense ("0", "N" at 0.89 on a receipt turned 90°). At a quarter of its
 * confidence such a reading does not read well (orientation.ts), and the other turns are tried.
 */
const uprightTrust = 0.25;

/**
 * The recogniser learnt on Chinese text: full-width forms (NFKC turns them back) and a lone "×"
 * where Latin print has the letter ("2 x Coffee", "4 X"), visually the same glyph.
 */
function latinText(word: string): string {
  const text = word.normalize('NFKC').trim();
  return text === '×' ? 'x' : mendConfusables(text);
}

interface Stretch {
  line: PaddleLine;
  words: OcrWord[];
  /** Centre line: centre height at x, in image pixels. */
  centreAt: (x: number) => number;
  midX: number;
  midY: number;
  height: number;
}

export function paddlePage(lines: readonly PaddleLine[], frame: PaddleFrame): OcrPage {
  const stretches = lines.map(stretchOf).filter((s) => s.words.length > 0);
  const rows = rowsOf(stretches);
  // Clamped to the upright page and scaled, as tesseract's boxes are (no deskew here).
  const mapBox = boxMapper({ ...frame, deskew: 0 });
  const fit = (b: OcrBox): OcrBox => mapBox({ x0: b[0], y0: b[1], x1: b[2], y1: b[3] });
  const ocrLines = rows.map((row) => lineOf(row, fit, frame.scale));
  const chars = (list: readonly PaddleLine[]) => list.reduce((n, l) => n + l.chars.length, 0);
  const standing = chars(lines.filter((l) => l.upright)) / Math.max(1, chars(lines));
  const page = ocrPageOf(orderParagraphs(paragraphsOf(ocrLines)), { ...frame, deskew: 0 });
  return { ...page, engine: 'paddle', standing };
}

function stretchOf(line: PaddleLine): Stretch {
  const [tl, tr, br, bl] = line.quad;
  const mid = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const [left, right] = [mid(tl, bl), mid(tr, br)];
  const slope = right[0] !== left[0] ? (right[1] - left[1]) / (right[0] - left[0]) : 0;
  const trust = line.upright ? uprightTrust : 1;
  const words = lineWords(line.chars, line).map((w) => ({
    ...w,
    text: latinText(w.text),
    confidence: w.confidence * trust,
  }));
  return {
    line,
    words: words.filter((w) => w.text !== ''),
    centreAt: (x) => left[1] + slope * (x - left[0]),
    midX: (left[0] + right[0]) / 2,
    midY: (left[1] + right[1]) / 2,
    height: Math.hypot(bl[0] - tl[0], bl[1] - tl[1]),
  };
}

/**
 * Stretches on one row: each joins the row whose nearest stretch's centre line, carried to its
 * own middle, passes within half the smaller height of its centre. Top to bottom, then left to right.
 */
function rowsOf(stretches: readonly Stretch[]): Stretch[][] {
  const rows: Stretch[][] = [];
  for (const s of [...stretches].sort((a, b) => a.midY - b.midY)) {
    const row = rows.find((r) =>
      r.some(
        (o) => Math.abs(o.centreAt(s.midX) - s.midY) < 0.5 * Math.min(o.height, s.height) && !overlaps(o, s),
      ),
    );
    if (row) row.push(s);
    else rows.push([s]);
  }
  for (const row of rows) row.sort((a, b) => a.midX - b.midX);
  return rows.sort((a, b) => a[0]!.centreAt(0) - b[0]!.centreAt(0));
}

/** Two stretches across each other are two lines even at one height (they never share a row). */
function overlaps(a: Stretch, b: Stretch): boolean {
  const [ax0, , ax1] = boxOf(a);
  const [bx0, , bx1] = boxOf(b);
  return Math.min(ax1, bx1) - Math.max(ax0, bx0) > 0.5 * Math.min(ax1 - ax0, bx1 - bx0);
}

function boxOf(s: Stretch): OcrBox {
  const xs = s.line.quad.map((p) => p[0]);
  const ys = s.line.quad.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The row's words, stretch after stretch. The detector sometimes cuts a number at its narrow
 * punctuation ("Payable : 72." | "00"): two stretches closer than their height whose words meet
 * as a number would (line-words.ts insideNumber) are one word.
 */
function joinAcross(row: readonly Stretch[]): OcrWord[] {
  const words: OcrWord[] = [];
  let previous: Stretch | null = null;
  for (const stretch of row) {
    const [first, ...rest] = stretch.words;
    const last = words.at(-1);
    const near =
      previous !== null && boxOf(stretch)[0] - boxOf(previous)[2] < Math.min(stretch.height, previous.height);
    if (first && last && near && meetAsNumber(last.text, first.text)) {
      words[words.length - 1] = {
        text: last.text + first.text,
        bbox: unionOf([last.bbox, first.bbox]),
        confidence: Math.min(last.confidence, first.confidence),
      };
      words.push(...rest);
    } else words.push(...stretch.words);
    previous = stretch;
  }
  return words;
}

function meetAsNumber(left: string, right: string): boolean {
  const chars = [...left.slice(-2), ...right.slice(0, 2)].map((char) => ({ char }) as DecodedChar);
  const seam = Math.min(2, left.length);
  return insideNumber(chars, seam);
}

function lineOf(row: readonly Stretch[], fit: (b: OcrBox) => OcrBox, scale: number): OcrLine {
  const words = joinAcross(row).map((w) => ({ ...w, bbox: fit(w.bbox) }));
  const chars = words.reduce((n, w) => n + w.text.length, 0);
  const confidence = words.reduce((sum, w) => sum + w.confidence * w.text.length, 0) / Math.max(1, chars);
  const height = row.reduce((sum, s) => sum + s.height, 0) / row.length;
  // The region spans ascenders to descenders; the baseline sits about four fifths down it.
  const first = row[0]!.line.quad;
  const last = row.at(-1)!.line.quad;
  const down = (top: Point, bottom: Point): Point => [
    top[0] + 0.8 * (bottom[0] - top[0]),
    top[1] + 0.8 * (bottom[1] - top[1]),
  ];
  const [b0, b1] = [down(first[0], first[3]), down(last[1], last[2])];
  const at = (v: number) => Math.round((v / scale) * 100) / 100;
  return {
    text: words.map((w) => w.text).join(' '),
    bbox: fit(unionOf(row.map(boxOf))),
    confidence,
    words,
    size: at(height),
    baseline: [at(b0[0]), at(b0[1]), at(b1[0]), at(b1[1])],
  };
}

/**
 * A paragraph ends where the gap to the next row is wider than most of its lines are high, or
 * the next row does not overlap it across. Tesseract's paragraphs are looser; nothing downstream
 * needs more than this (ocr-text-blocks.ts cuts headings out again by size).
 */
function paragraphsOf(lines: readonly OcrLine[]): OcrParagraph[] {
  const paragraphs: OcrLine[][] = [];
  for (const line of lines) {
    const current = paragraphs.at(-1);
    const previous = current?.at(-1);
    const size = line.size ?? line.bbox[3] - line.bbox[1];
    const together =
      previous !== undefined &&
      line.bbox[1] - previous.bbox[3] < 0.8 * size &&
      Math.min(line.bbox[2], previous.bbox[2]) > Math.max(line.bbox[0], previous.bbox[0]);
    if (together) current!.push(line);
    else paragraphs.push([line]);
  }
  return paragraphs.map((group) => ({
    text: group.map((l) => l.text).join('\n'),
    bbox: unionOf(group.map((l) => l.bbox)),
    lines: group,
  }));
}
