/**
 * A table's rows put back together by their height on the page. Reading order may read a table
 * as two columns ("Artikel  Aantal" and its item names first, then "Prijs per stuk  BTW  Prijs
 * incl. BTW" and the prices): the item's name and its price then sit in two lines far apart in
 * the order, and a row read in that order has a name and no amount, or an amount and no name.
 * Lines on the same height, side by side, are one row.
 */
import type { DocLine } from './doc-lines.ts';
import { lineHeight, unionBox } from './doc-lines.ts';

/** Same page, overlapping by half the smaller height, and side by side (no horizontal overlap). */
export function sameRow(a: DocLine, b: DocLine): boolean {
  if (a.page !== b.page || !a.bbox || !b.bbox) return false;
  const overlap = Math.min(a.bbox[3], b.bbox[3]) - Math.max(a.bbox[1], b.bbox[1]);
  const sideBySide = a.bbox[2] <= b.bbox[0] || b.bbox[2] <= a.bbox[0];
  return sideBySide && overlap >= 0.5 * Math.min(lineHeight(a), lineHeight(b));
}

/** One line of the parts' words, left to right; each part's segments kept, and a part starts one. */
export function mergeLines(parts: readonly DocLine[]): DocLine {
  if (parts.length === 1) return parts[0]!;
  const sorted = [...parts].sort((a, b) => a.bbox![0] - b.bbox![0]);
  const words: DocLine['words'] = [];
  const segments: number[] = [];
  for (const part of sorted) {
    for (const s of part.segments) segments.push(words.length + s);
    words.push(...part.words);
  }
  const chars = (l: DocLine) => l.text.length || 1;
  const confidence =
    sorted.reduce((s, l) => s + l.confidence * chars(l), 0) / sorted.reduce((s, l) => s + chars(l), 0);
  return {
    ...sorted[0]!,
    index: Math.min(...parts.map((p) => p.index)),
    text: words.map((w) => w.text).join(' '),
    words,
    bbox: unionBox(sorted.map((p) => p.bbox)),
    confidence,
    segments: [...new Set(segments)].sort((a, b) => a - b),
  };
}

/**
 * The rows under a header, top to bottom: the page's lines below it and across its width, those
 * on one height merged. `header` is the (merged) header line.
 */
export function rowsBelow(header: DocLine, lines: readonly DocLine[], used: ReadonlySet<DocLine>): DocLine[] {
  const box = header.bbox!;
  const h = Math.max(lineHeight(header), 1);
  const below = lines
    .filter(
      (l) =>
        !used.has(l) &&
        l.page === header.page &&
        l.bbox &&
        (l.bbox[1] + l.bbox[3]) / 2 > box[3] - 0.25 * h &&
        l.bbox[0] < box[2] + 2 * h &&
        l.bbox[2] > box[0] - 2 * h,
    )
    .sort((a, b) => a.bbox![1] + a.bbox![3] - (b.bbox![1] + b.bbox![3]));
  const rows: DocLine[] = [];
  let group: DocLine[] = [];
  for (const line of below) {
    if (group.length > 0 && !group.every((g) => sameRow(g, line))) {
      rows.push(mergeLines(group));
      group = [];
    }
    group.push(line);
  }
  if (group.length > 0) rows.push(mergeLines(group));
  return rows;
}
