/**
 * From a label to its value: on the same line to the right (in the label's own segment, or the
 * next one across a gap), or below it (the next lines, in the label's column). Each candidate
 * is scored: label strength × where the value sits × how well it fits the kind × how sure OCR
 * was of the lines.
 */
import type { BoundingBox } from '../types.ts';
import { type DocLine, lineHeight, segmentOf, unionBox, wordsText } from './doc-lines.ts';
import type { FieldDescriptor } from './field-descriptor.ts';
import type { LabelHit } from './labels.ts';
import { type ReadValue, readValue } from './read-value.ts';

export interface Candidate {
  read: ReadValue;
  line: DocLine;
  /** Read next to a label (rather than guessed from the layout or found by its shape). */
  fromLabel?: boolean;
  /** All the lines the value spans, when more than `line` (an address over three lines). */
  lines?: DocLine[];
  /** Box of the value's words. */
  bbox: BoundingBox | null;
  score: number;
  /** Line text, for the evidence. */
  source: string;
}

/** Where the value sits relative to its label. */
const placement = { sameSegment: 1, nextSegment: 0.95, below: 0.85, belowSecond: 0.7, farRight: 0.8 };

/** A line read at confidence c weighs 0.55 + 0.45 c: a poor OCR line is not worthless, but less sure. */
const ocrFactor = (...lines: DocLine[]) => 0.55 + 0.45 * Math.min(...lines.map((l) => l.confidence));

/** Text kinds take a whole segment; typed kinds the first value of their type. */
const isTextKind = (kind: string) => kind === 'text' || kind === 'name' || kind === 'address';

export function candidatesFromHit(
  hit: LabelHit,
  field: FieldDescriptor,
  lines: readonly DocLine[],
  dayFirst: boolean,
): Candidate[] {
  const out: Candidate[] = [];
  const right = rightOf(hit, field, dayFirst);
  if (right) out.push(right);
  out.push(...below(hit, field, lines, dayFirst));
  return out;
}

function rightOf(hit: LabelHit, field: FieldDescriptor, dayFirst: boolean): Candidate | null {
  const { line } = hit;
  const [, segEnd] = segmentOf(line, hit.to - 1);
  // The words after the label, the rest of its last word first.
  const after = wordsText(line, hit.to, line.words.length);
  const text = hit.rest ? (after.text ? `${hit.rest} ${after.text}` : hit.rest) : after.text;
  const shift = hit.rest ? hit.rest.length + 1 : 0;
  const textEnd = isTextKind(field.kind)
    ? // A text value is the rest of the label's segment, or the next segment when that is empty.
      textSpanEnd(line, hit, after.offsets, shift, text)
    : text.length;
  const read = readValue(field.kind, text.slice(0, textEnd), dayFirst);
  if (!read) return null;
  // Which words the value covers, from its character span.
  const firstWord = wordAt(after.offsets, read.start - shift, hit.to, hit.rest !== '');
  const lastWord = wordAt(after.offsets, read.end - 1 - shift, hit.to, hit.rest !== '');
  const segmentsAway = line.segments.filter((s) => s > hit.to - 1 && s <= firstWord).length;
  const where =
    firstWord < segEnd
      ? placement.sameSegment
      : segmentsAway === 1
        ? placement.nextSegment
        : placement.farRight;
  return {
    read,
    line,
    bbox: unionBox(line.words.slice(firstWord, lastWord + 1).map((w) => w.bbox)),
    score: hit.strength * where * read.quality * ocrFactor(line),
    source: line.text,
  };
}

function textSpanEnd(line: DocLine, hit: LabelHit, offsets: number[], shift: number, text: string): number {
  const [, segEnd] = segmentOf(line, hit.to - 1);
  const sameSegmentEnd = segEnd - hit.to;
  const hasOwn = hit.rest !== '' || sameSegmentEnd > 0;
  if (hasOwn) {
    const own = text.slice(
      0,
      sameSegmentEnd < offsets.length ? shift + offsets[sameSegmentEnd]! - 1 : text.length,
    );
    if (/[\p{L}\p{N}]/u.test(own)) return own.length;
  }
  // The next segment alone.
  const [, nextEnd] = segEnd < line.words.length ? segmentOf(line, segEnd) : [0, line.words.length];
  const k = nextEnd - hit.to;
  return k < offsets.length ? shift + offsets[k]! - 1 : text.length;
}

/** The word index a character offset of the text after the label falls in. */
function wordAt(offsets: number[], offset: number, firstIndex: number, hasRest: boolean): number {
  if (offset < 0) return hasRest ? firstIndex - 1 : firstIndex;
  let k = 0;
  while (k + 1 < offsets.length && offsets[k + 1]! <= offset) k++;
  return firstIndex + k;
}

/** The lines under the label, within two and a half line heights, read in the label's column. */
function below(
  hit: LabelHit,
  field: FieldDescriptor,
  lines: readonly DocLine[],
  dayFirst: boolean,
): Candidate[] {
  const { line } = hit;
  const out: Candidate[] = [];
  const labelBox = unionBox(line.words.slice(hit.from, hit.to).map((w) => w.bbox));
  if (!labelBox || !line.bbox) {
    // Without boxes: the next line, when nothing follows the label on its own.
    if (hit.to < line.words.length || hit.rest) return out;
    const next = lines[line.index + 1];
    if (!next || next.page !== line.page) return out;
    const read = readValue(field.kind, firstSegmentText(next), dayFirst);
    if (read) {
      out.push({
        read,
        line: next,
        bbox: null,
        score: hit.strength * placement.below * read.quality,
        source: next.text,
      });
    }
    return out;
  }
  const height = lineHeight(line);
  // The column runs from the label to the next segment on the label's line (or the page's edge).
  const [, segEnd] = segmentOf(line, hit.to - 1);
  const nextSegment = line.words[segEnd]?.bbox;
  const columnLeft = labelBox[0] - height;
  const columnRight = nextSegment ? nextSegment[0] - 0.5 * height : Number.POSITIVE_INFINITY;
  let taken = 0;
  for (let i = line.index + 1; i < lines.length && taken < 2; i++) {
    const next = lines[i]!;
    if (next.page !== line.page || !next.bbox) break;
    if (next.bbox[1] > line.bbox[3] + 2.5 * height * (taken + 1)) break;
    const inColumn = next.words
      .map((w, k) => ({ w, k }))
      .filter(({ w }) => w.bbox && w.bbox[2] > columnLeft && w.bbox[0] < columnRight);
    if (inColumn.length === 0) continue;
    taken++;
    const from = inColumn[0]!.k;
    const to = inColumn.at(-1)!.k + 1;
    const { text, offsets } = wordsText(next, from, to);
    const read = readValue(
      field.kind,
      isTextKind(field.kind) ? text.slice(0, segmentTextEnd(next, from, offsets, text)) : text,
      dayFirst,
    );
    if (!read) continue;
    const first = from + wordAt(offsets, read.start, 0, false);
    const last = from + wordAt(offsets, read.end - 1, 0, false);
    const where = taken === 1 ? placement.below : placement.belowSecond;
    out.push({
      read,
      line: next,
      bbox: unionBox(next.words.slice(first, last + 1).map((w) => w.bbox)),
      score: hit.strength * where * read.quality * ocrFactor(line, next),
      source: next.text,
    });
  }
  return out;
}

function firstSegmentText(line: DocLine): string {
  const [, end] = segmentOf(line, 0);
  return wordsText(line, 0, end).text;
}

function segmentTextEnd(line: DocLine, from: number, offsets: number[], text: string): number {
  const [, end] = segmentOf(line, from);
  const k = end - from;
  return k < offsets.length ? offsets[k]! - 1 : text.length;
}
