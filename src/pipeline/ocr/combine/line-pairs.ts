/**
 * Which of tesseract's words read which of PaddleOCR's lines. The engines cut a page into lines
 * differently (tesseract may split a receipt row at its column gap, or run two rows together
 * on a skewed scan), so words, not lines, are matched: each tesseract word goes to the
 * PaddleOCR line whose centre line passes closest through the word's centre, within half the
 * line's text height. Tesseract's words no PaddleOCR line took stay in their own lines.
 */
import type { OcrLine, OcrWord } from '../ocr-page.ts';
import { ocrConfidence } from '../quality.ts';

export interface LinePair {
  paddle: OcrLine;
  /** Tesseract's words on the same row, left to right. */
  tesseract: OcrWord[];
}

export interface LineMatch {
  /** One per PaddleOCR line, in its order. */
  pairs: LinePair[];
  /** Tesseract's lines cut down to the words no PaddleOCR line took; empty ones dropped. */
  unmatched: OcrLine[];
}

/** The centre of a word within this many of the line's text heights of its centre line: same row. */
const rowTolerance = 0.5;
/**
 * A word beside a line's ends may still be on its row (PaddleOCR found "TOTAL" but not the
 * amount far right). Each text height of horizontal distance counts as this much vertical
 * offset, so a word at one height goes to the line next to it rather than one across the page.
 */
const sidewaysWeight = 0.05;

export function pairLines(paddle: readonly OcrLine[], tesseract: readonly OcrLine[]): LineMatch {
  const taken = new Map<OcrLine, OcrWord[]>(paddle.map((line) => [line, []]));
  const rows = paddle.map((line) => ({ line, centreAt: centreLine(line), size: textHeight(line) }));
  const unmatched: OcrLine[] = [];
  for (const tLine of tesseract) {
    const left: OcrWord[] = [];
    for (const word of tLine.words) {
      const [cx, cy] = [(word.bbox[0] + word.bbox[2]) / 2, (word.bbox[1] + word.bbox[3]) / 2];
      let best: OcrLine | null = null;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (const { line, centreAt, size } of rows) {
        const off = Math.abs(cy - centreAt(cx)) / size;
        const aside = Math.max(0, line.bbox[0] - word.bbox[2], word.bbox[0] - line.bbox[2]) / size;
        const distance = off + sidewaysWeight * aside;
        if (off < rowTolerance && distance < bestDistance) [best, bestDistance] = [line, distance];
      }
      if (best) taken.get(best)!.push(word);
      else left.push(word);
    }
    if (left.length === tLine.words.length) unmatched.push(tLine);
    else if (left.length > 0) unmatched.push(lineOfWords(left, tLine));
  }
  const pairs = paddle.map((line) => ({
    paddle: line,
    tesseract: taken.get(line)!.sort((a, b) => a.bbox[0] - b.bbox[0]),
  }));
  return { pairs, unmatched };
}

/** The line's text height: PaddleOCR's region height when known, else its box's. */
function textHeight(line: OcrLine): number {
  return Math.max(1, line.size ?? line.bbox[3] - line.bbox[1]);
}

/**
 * The height of the line's centre at x. PaddleOCR puts the baseline four fifths down the text
 * height (paddle-page.ts), so the centre is 0.3 of it above; a slanted line's box centre would
 * be off by half its slant at either end.
 */
function centreLine(line: OcrLine): (x: number) => number {
  const b = line.baseline;
  if (!b || b[2] <= b[0] || line.size === undefined) {
    const mid = (line.bbox[1] + line.bbox[3]) / 2;
    return () => mid;
  }
  const slope = (b[3] - b[1]) / (b[2] - b[0]);
  const lift = 0.3 * line.size;
  return (x) => b[1] + slope * (x - b[0]) - lift;
}

/** A line made of some of a line's words, keeping its measurements. */
export function lineOfWords(
  words: readonly OcrWord[],
  like: Omit<OcrLine, 'words' | 'text' | 'bbox' | 'confidence'>,
): OcrLine {
  return {
    ...(like.size === undefined ? {} : { size: like.size }),
    ...(like.baseline === undefined ? {} : { baseline: like.baseline }),
    text: words.map((w) => w.text).join(' '),
    bbox: [
      Math.min(...words.map((w) => w.bbox[0])),
      Math.min(...words.map((w) => w.bbox[1])),
      Math.max(...words.map((w) => w.bbox[2])),
      Math.max(...words.map((w) => w.bbox[3])),
    ],
    confidence: ocrConfidence(words),
    words: [...words],
  };
}
