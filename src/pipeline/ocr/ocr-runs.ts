/**
 * OCR lines → the text runs the PDF path lays out (pdf/layout.ts TextRun), so that the table
 * detectors of text-layer pages (lattice and stream) read OCR pages too. One run per word, in the
 * page's units (points for PDF pages, pixels for image files), each keeping the word it came from.
 */
import type { TextRun } from '../pdf/layout.ts';
import type { OcrLine, OcrWord } from './ocr-page.ts';

export interface OcrRun extends TextRun {
  /** The OCR word it came from. */
  source: OcrWord;
}

/**
 * A tesseract line box runs from its tallest ascender to its lowest descender: about one em for a
 * line of mixed text, less for a line of digits or capitals ("68.0M" is ~0.7 em). Table cells are
 * often such lines, and the detectors measure gaps in em, so a line is given at least the page's
 * median line height as its size. The baseline is put a tenth of an em above the box's bottom:
 * halfway between a line with descenders (0.2 em) and one without (0), within the half-em the
 * detectors allow between runs of one line.
 */
export function ocrRuns(lines: readonly OcrLine[]): OcrRun[] {
  const typical = typicalLineHeight(lines);
  return lines.flatMap((line) => {
    const size = Math.max(line.bbox[3] - line.bbox[1], typical);
    if (!(size > 0)) return [];
    const y = line.bbox[3] - 0.1 * size;
    return line.words.map((word) => ({
      str: word.text,
      x0: word.bbox[0],
      x1: word.bbox[2],
      y,
      size,
      word: true,
      source: word,
    }));
  });
}

/** The median height of the lines (in their units), 0 when there are none. */
export function typicalLineHeight(lines: readonly OcrLine[]): number {
  const heights = lines.map((l) => l.bbox[3] - l.bbox[1]).sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)] ?? 0;
}
