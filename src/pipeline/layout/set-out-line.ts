/**
 * Running heads and footers are often set out across the measure on tab stops: a book's folio
 * flush left, its title centred, the chapter flush right ("400   BRITISH HUSBANDRY.   [Ch. XIX."),
 * a manual cover's "Revision: 2.4   P/N 119-036   10 June 2019" left, centre and right. The
 * block's text reads as one run of words; the words' boxes (page.lines) show the parts. Body
 * lines do not look like that: a justified line stretches its spaces to about one em at most.
 */
import type { BoundingBox, OcrLine } from '../types.ts';
import type { FurniturePage } from './furniture-page.ts';

/**
 * Words further apart than this many line heights are in different parts. Seen: 7-9 line
 * heights between the parts of a book's running head and 15 on a cover's footer; under 1 between
 * the words of the justified body lines of the same pages.
 */
const PART_GAP = 2;
/** A set-out line spans at least this share of the page's text width (a heading does not). */
const SPAN = 2 / 3;

/**
 * For one page: the parts of a one-line box set out across the page's text width, else null.
 * A function, so that only the blocks in a band pay for the look at the lines.
 */
export function setOutOn(page: FurniturePage): (box: BoundingBox) => string[] | null {
  const lines = page.lines ?? [];
  const boxes = page.blocks.flatMap((block) => (block.bbox ? [block.bbox] : []));
  if (lines.length === 0 || boxes.length === 0) return () => null;
  const left = Math.min(...boxes.map((box) => box[0]));
  const right = Math.max(...boxes.map((box) => box[2]));
  return (box) => {
    if (box[2] - box[0] < SPAN * (right - left)) return null;
    const parts = lineParts(box, lines);
    return parts && parts.length >= 2 ? parts : null;
  };
}

/**
 * The parts of the one line that `box` holds (words of `lines` whose centre lies inside it), in
 * reading order; null when the box holds no line or more than one. A single part is a line set
 * as one run.
 */
export function lineParts(box: BoundingBox, lines: readonly OcrLine[]): string[] | null {
  const inside = lines.filter((line) => {
    const cy = (line.bbox[1] + line.bbox[3]) / 2;
    return cy >= box[1] && cy <= box[3] && line.bbox[2] > box[0] && line.bbox[0] < box[2];
  });
  if (inside.length !== 1) return null;
  return partsWithin(inside[0]!, box[0], box[2]);
}

/** The parts of `line` between x0 and x1 (a line of the text layer may run across columns). */
export function partsWithin(line: OcrLine, x0: number, x1: number): string[] | null {
  const words = line.words
    .filter((w) => {
      const cx = (w.bbox[0] + w.bbox[2]) / 2;
      return cx >= x0 && cx <= x1;
    })
    .sort((a, b) => a.bbox[0] - b.bbox[0]);
  if (words.length === 0) return null;
  const gap = PART_GAP * (line.bbox[3] - line.bbox[1]);
  const parts: string[][] = [[words[0]!.text]];
  for (let i = 1; i < words.length; i++) {
    if (words[i]!.bbox[0] - words[i - 1]!.bbox[2] > gap) parts.push([]);
    parts.at(-1)!.push(words[i]!.text);
  }
  return parts.map((part) => part.join(' '));
}

/**
 * The first line of `lines` beyond `box` going into the page (below it for the top band, above
 * it for the bottom band), or null. A table's rows are set out in parts one after the other; a
 * running head is followed by a line of text.
 */
export function nextLineInward(
  box: BoundingBox,
  band: 'top' | 'bottom',
  lines: readonly OcrLine[],
): OcrLine | null {
  const overlapping = lines.filter((line) => line.bbox[2] > box[0] && line.bbox[0] < box[2]);
  const beyond =
    band === 'top'
      ? overlapping.filter((line) => (line.bbox[1] + line.bbox[3]) / 2 > box[3])
      : overlapping.filter((line) => (line.bbox[1] + line.bbox[3]) / 2 < box[1]);
  if (beyond.length === 0) return null;
  return beyond.reduce((best, line) =>
    band === 'top' ? (line.bbox[1] < best.bbox[1] ? line : best) : line.bbox[3] > best.bbox[3] ? line : best,
  );
}
