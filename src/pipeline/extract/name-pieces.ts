/**
 * The parts of a line that may hold a name: the whole line, each half of a line in two parts (a
 * name beside a title or an address), the first part of a sender line. header-party.ts judges them.
 */
import type { DocLine } from './doc-lines.ts';

export interface Piece {
  line: DocLine;
  text: string;
}

const wordsOf = (line: DocLine, from: number, to: number) =>
  line.words
    .slice(from, to)
    .map((w) => w.text)
    .join(' ');

/**
 * A line, or each half of a line in two parts (a name beside a title or an address). Lines of
 * three parts or more are table rows, not names; a line of three parts or more set apart by
 * dashes or bars is a sender line, whose first part is the name.
 */
export function pieces(line: DocLine): Piece[] {
  // A sender line over the address window ("Acme AG - Main St 4 - 12345 Town"): its first part.
  const parts = line.text.split(/\s[-–—|·•]\s/);
  if (parts.length >= 3) return [{ line, text: parts[0]!.trim() }];
  // Segments of one or two letters at the end are OCR debris (a logo, a title read as "N V E").
  let segments = line.segments;
  let end = line.words.length;
  while (
    segments.length > 1 &&
    line.words.slice(segments.at(-1)!, end).every((w) => /^\p{L}{1,2}$/u.test(w.text))
  ) {
    end = segments.at(-1)!;
    segments = segments.slice(0, -1);
  }
  if (segments.length === 1) return [{ line, text: wordsOf(line, 0, end) }];
  if (segments.length > 2) return [];
  const middle = segments[1]!;
  return [
    { line, text: wordsOf(line, 0, middle) },
    { line, text: wordsOf(line, middle, end) },
  ];
}
