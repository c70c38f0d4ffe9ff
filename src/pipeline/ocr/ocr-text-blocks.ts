/**
 * An OCR page's text blocks: tesseract's paragraphs (in our reading order) cut into headings and
 * paragraphs by the rules of text-layer pages (pdf/headings.ts). Tesseract gives no font, but it
 * measures each line's letters (row height, descenders) and baseline; from those each line gets
 * a size and a baseline height that a skewed scan does not distort, and the heading rules —
 * bigger than the body, numbered like a section, a section word alone — read it as they read a
 * PDF's lines. A paragraph is also cut where its lines stand further apart than its line
 * spacing: tesseract often reads a whole scanned page, title and running head included, as one.
 */
import { unionOf } from '../boxes.ts';
import { median } from '../median.ts';
import { headingLevels } from '../pdf/headings.ts';
import type { Line, Segment } from '../pdf/layout.ts';
import type { Block } from '../types.ts';
import type { OcrLine, OcrParagraph, OcrWord } from './ocr-page.ts';
import { typicalLineHeight } from './ocr-runs.ts';

/**
 * Sizes within this share of each other are one size: tesseract's row heights wobble by a pixel
 * or two between lines set in one font (a title's two lines, a paragraph's).
 */
const SIZE_SPREAD = 0.1;
/**
 * A line is set bigger than the body only from this many times its size: tesseract's row height
 * for one font size varies with the letters a line holds (a running head of capitals and digits
 * at 1.09× the body measured 1.2×), where a PDF's font size is exact (headings.ts: 1.15×).
 */
const BIGGER = 1.3;
/** Lines further apart than this many line spacings start a new block. */
const BLOCK_GAP = 1.45;
/** Words further apart than this many sizes are separate cells (a heading has at most two). */
const SEGMENT_GAP = 1.0;

interface PlacedLine {
  ocr: OcrLine;
  line: Line;
}

export function ocrTextBlocks(paragraphs: readonly OcrParagraph[]): Block[] {
  const all = paragraphs.flatMap((p) => p.lines);
  if (all.length === 0) return [];
  const place = linePlacer(all);
  const placed = paragraphs.map((p) => p.lines.map((ocr) => ({ ocr, line: place(ocr) })));
  const lines = placed.flat().map((p) => p.line);
  snapSizes(lines);
  const body = bodySize(lines);
  for (const line of lines) if (line.size < BIGGER * body) line.size = Math.min(line.size, body);
  const levelOf = headingLevels([lines], body);
  const pitch = linePitch(placed, body);
  const blocks: Block[] = [];
  for (const paragraph of placed) {
    let current: { level: number | null; lines: PlacedLine[] } | null = null;
    const flush = () => {
      if (current) blocks.push(blockOf(current.lines, current.level));
      current = null;
    };
    paragraph.forEach((p, i) => {
      const level = levelOf(
        p.line,
        paragraph.slice(i + 1, i + 3).map((q) => q.line),
        paragraph[i - 1]?.line,
      );
      const prev = current?.lines.at(-1)?.line;
      const apart =
        !prev ||
        current!.level !== level ||
        p.line.y - prev.y > BLOCK_GAP * Math.max(pitch, p.line.size) ||
        Math.abs(p.line.size - prev.size) > 0.1 * prev.size;
      if (apart) {
        flush();
        current = { level, lines: [p] };
      } else current!.lines.push(p);
    });
    flush();
  }
  return blocks;
}

function blockOf(lines: readonly PlacedLine[], level: number | null): Block {
  const bbox = unionOf(lines.map((l) => l.ocr.bbox));
  if (level !== null) return { type: 'heading', level, text: lines.map((l) => l.ocr.text).join(' '), bbox };
  return { type: 'paragraph', text: lines.map((l) => l.ocr.text).join('\n'), bbox };
}

/**
 * OCR line → a text-page Line. Its baseline height is read at one x for the whole page (the
 * middle of the lines), along the page's own slant, so that on a skewed scan a short heading at
 * the left and a full line under it are as far apart as they are on the page.
 */
function linePlacer(lines: readonly OcrLine[]): (line: OcrLine) => Line {
  const slope = median(
    lines.flatMap((l) =>
      l.baseline ? [(l.baseline[3] - l.baseline[1]) / (l.baseline[2] - l.baseline[0])] : [],
    ),
  );
  const x = median(lines.map((l) => (l.bbox[0] + l.bbox[2]) / 2));
  const typical = typicalLineHeight(lines);
  return (ocr) => {
    const size = ocr.size ?? Math.max(ocr.bbox[3] - ocr.bbox[1], typical);
    const b = ocr.baseline;
    const y = b ? (b[1] + b[3]) / 2 + slope * (x - (b[0] + b[2]) / 2) : ocr.bbox[3] - 0.2 * size;
    return {
      text: ocr.text.replace(/\s+/g, ' ').trim(),
      x0: ocr.bbox[0],
      x1: ocr.bbox[2],
      top: y - 0.8 * size,
      bottom: y + 0.2 * size,
      y,
      size,
      segments: segmentsOf(ocr.words, size),
    };
  };
}

function segmentsOf(words: readonly OcrWord[], size: number): Segment[] {
  const segments: Segment[] = [];
  for (const word of [...words].sort((a, b) => a.bbox[0] - b.bbox[0])) {
    const last = segments.at(-1);
    if (last && word.bbox[0] - last.x1 <= SEGMENT_GAP * size) {
      last.text += ` ${word.text}`;
      last.x1 = Math.max(last.x1, word.bbox[2]);
    } else segments.push({ text: word.text, x0: word.bbox[0], x1: word.bbox[2], runs: [] });
  }
  return segments;
}

/**
 * Each line's size → the size of its class: sizes sorted, a class goes on while the next size is
 * within SIZE_SPREAD of its smallest, and takes the size most of its characters have (on the
 * half-point grid headings.ts compares sizes on).
 */
function snapSizes(lines: readonly Line[]): void {
  const sorted = [...lines].sort((a, b) => a.size - b.size);
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end]!.size <= sorted[start]!.size * (1 + SIZE_SPREAD)) end++;
    const size = Math.round(bodySize(sorted.slice(start, end)) * 2) / 2;
    for (const line of sorted.slice(start, end)) line.size = size;
    start = end;
  }
}

/** The size most characters are set in: the median size, each line weighted by its length. */
function bodySize(lines: readonly Line[]): number {
  const sorted = [...lines].sort((a, b) => a.size - b.size);
  const total = sorted.reduce((n, l) => n + l.text.length, 0);
  let seen = 0;
  for (const line of sorted) {
    seen += line.text.length;
    if (seen * 2 >= total) return line.size;
  }
  return sorted.at(-1)!.size;
}

/** The body's line spacing, from the steps between the baselines of consecutive body-size lines. */
function linePitch(paragraphs: readonly (readonly PlacedLine[])[], body: number): number {
  const steps: number[] = [];
  for (const lines of paragraphs) {
    for (let k = 1; k < lines.length; k++) {
      const [above, below] = [lines[k - 1]!.line, lines[k]!.line];
      if (above.size === body && below.size === body && below.y > above.y) steps.push(below.y - above.y);
    }
  }
  // A low quantile, not the median: on a short page the gaps between paragraphs are half the steps.
  return steps.sort((a, b) => a - b)[Math.floor((steps.length - 1) / 3)] ?? 0;
}
