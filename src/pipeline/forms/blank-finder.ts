/**
 * The blanks of a printed form without AcroForm fields, for agent fill: where a value is meant to
 * be written, and the label that says which. A blank is
 * - a run of underscores in the text ("Name: ________"), labelled by the words before it;
 * - a drawn horizontal rule with nothing written above it, labelled by the words to its left on
 *   the same row, else by the small text just under it ("Signature", "Date"), else by a caption
 *   just above it;
 * - an empty drawn box, labelled by the words to its left, else just above it; or a box with a
 *   caption printed in its own top part (the cell style of official forms);
 * - a small square, a checkbox, labelled by the words to its right.
 * Coordinates are PDF points, origin top-left, as the parsed page's.
 */
import type { BoundingBox, OcrWord, ParsedPage } from '../types.ts';
import type { DrawnShape } from './page-shapes.ts';

export interface Blank {
  page: number;
  kind: 'line' | 'box' | 'checkbox';
  label: string;
  /** Where the value goes: a line's writing row (its bottom is the line), a box's inside. */
  area: BoundingBox;
}

/** The height of a row written on a line, in points. */
const rowHeight = 14;
/** Words further apart than this on a row belong to different labels. */
const labelGap = 14;
/** At most this many words of text before a blank are its label. */
const labelWords = 8;

interface PlacedWord extends OcrWord {
  line: number;
  /** Part of a run of underscores: a blank, not a label. */
  blank: boolean;
}

export function findBlanks(parsed: ParsedPage, shapes: readonly DrawnShape[]): Blank[] {
  const words = placedWords(parsed);
  const blanks: Blank[] = [...underscoreBlanks(parsed.page, words)];
  const boxes = shapes.filter((shape) => shape.kind === 'box' && !pageFrame(shape.box, parsed));
  const rules = shapes.filter(
    (shape) =>
      shape.kind === 'rule' &&
      !boxes.some((box) => edgeOf(shape.box, box.box)) &&
      !words.some((word) => word.blank && near(word.bbox, shape.box)),
  );
  for (const box of boxes) {
    const blank = boxBlank(parsed.page, box.box, words);
    if (blank) blanks.push(blank);
  }
  for (const rule of rules) {
    const blank = ruleBlank(parsed.page, rule.box, words);
    if (blank) blanks.push(blank);
  }
  return dropOverlaps(blanks).sort((a, b) => a.area[1] - b.area[1] || a.area[0] - b.area[0]);
}

function placedWords(parsed: ParsedPage): PlacedWord[] {
  return (parsed.lines ?? []).flatMap((line, index) =>
    line.words.flatMap((word) => splitUnderscores(word).map((piece) => ({ ...piece, line: index }))),
  );
}

/** "Name:_______" → "Name:" and a blank piece, boxes shared out by character count. */
function splitUnderscores(word: OcrWord): Omit<PlacedWord, 'line'>[] {
  if (!/_{3,}/.test(word.text)) return [{ ...word, blank: false }];
  const [x0, y0, x1, y1] = word.bbox;
  const perChar = (x1 - x0) / Math.max(1, word.text.length);
  const pieces: Omit<PlacedWord, 'line'>[] = [];
  for (const match of word.text.matchAll(/_{3,}|[^_]+|_{1,2}/g)) {
    const from = x0 + match.index * perChar;
    const bbox: BoundingBox = [from, y0, from + match[0].length * perChar, y1];
    pieces.push({ text: match[0], bbox, confidence: word.confidence, blank: /^_{3,}$/.test(match[0]) });
  }
  return pieces;
}

function underscoreBlanks(page: number, words: readonly PlacedWord[]): Blank[] {
  const blanks: Blank[] = [];
  for (const [index, word] of words.entries()) {
    if (!word.blank) continue;
    const [x0, y0, x1, y1] = word.bbox;
    // An underscore sits on the baseline, a fifth of the text box above its bottom.
    const bottom = y1 - (y1 - y0) * 0.2;
    const area: BoundingBox = [x0, bottom - rowHeight, x1, bottom];
    const label = labelBefore(words, index) || labelAfter(words, index) || labelAbove(words, area);
    if (label) blanks.push({ page, kind: 'line', label, area });
  }
  return blanks;
}

/** The words just before words[index] on its line, back to the previous blank or a wide gap. */
function labelBefore(words: readonly PlacedWord[], index: number): string {
  const picked: PlacedWord[] = [];
  let right = words[index]!.bbox[0];
  for (let k = index - 1; k >= 0 && picked.length < labelWords; k--) {
    const word = words[k]!;
    if (word.line !== words[index]!.line || word.blank || right - word.bbox[2] > labelGap) break;
    picked.unshift(word);
    right = word.bbox[0];
  }
  return labelText(picked);
}

/** "________ (signature)": the words right after, up to the next blank. */
function labelAfter(words: readonly PlacedWord[], index: number): string {
  const picked: PlacedWord[] = [];
  let left = words[index]!.bbox[2];
  for (let k = index + 1; k < words.length && picked.length < labelWords; k++) {
    const word = words[k]!;
    if (word.line !== words[index]!.line || word.blank || word.bbox[0] - left > labelGap) break;
    picked.push(word);
    left = word.bbox[2];
  }
  return labelText(picked);
}

const labelText = (words: readonly PlacedWord[]) =>
  words
    .map((word) => word.text)
    .join(' ')
    .replace(/^[\s•·*\-–(]+|[\s:*()–-]+$/g, '')
    .trim();

function ruleBlank(page: number, rule: BoundingBox, words: readonly PlacedWord[]): Blank | null {
  const [x0, y, x1] = rule;
  const area: BoundingBox = [x0, y - rowHeight, x1, y];
  if (words.some((word) => overlapShare(word.bbox, area) > 0.3)) return null;
  const label =
    labelLeftOf(words, area) ||
    labelText(
      words.filter(
        (word) => word.bbox[1] >= y - 1 && word.bbox[1] <= y + 12 && inside(centreX(word), x0, x1),
      ),
    ) ||
    labelAbove(words, area);
  return label ? { page, kind: 'line', label, area } : null;
}

function boxBlank(page: number, box: BoundingBox, words: readonly PlacedWord[]): Blank | null {
  const [x0, y0, x1, y1] = box;
  const width = x1 - x0;
  const height = y1 - y0;
  const within = words.filter((word) => overlapShare(word.bbox, box) > 0.5);
  if (width <= 16 && height <= 16 && Math.abs(width - height) <= 3 && width >= 5) {
    if (within.length > 0) return null;
    const label = labelRightOf(words, box);
    return label ? { page, kind: 'checkbox', label, area: box } : null;
  }
  if (width < 30 || height < 8) return null;
  const inset: BoundingBox = [x0 + 2, y0 + 1, x1 - 2, y1 - 1];
  if (within.length === 0) {
    const label =
      labelLeftOf(words, box) ||
      labelText(
        words.filter(
          (word) =>
            word.bbox[3] >= y0 - rowHeight &&
            word.bbox[3] <= y0 + 1 &&
            inside(word.bbox[0], x0 - 4, x0 + width / 2),
        ),
      );
    return label ? { page, kind: 'box', label, area: inset } : null;
  }
  // A caption in the box's top part, and room under it for the value.
  const captionBottom = Math.max(...within.map((word) => word.bbox[3]));
  if (captionBottom > y0 + height * 0.55 || y1 - captionBottom < 9) return null;
  const label = labelText(within.slice(0, labelWords));
  return label ? { page, kind: 'box', label, area: [x0 + 2, captionBottom + 1, x1 - 2, y1 - 1] } : null;
}

/** The words on the row of `area` that end just left of it, back to a wide gap. */
function labelLeftOf(words: readonly PlacedWord[], area: BoundingBox): string {
  const row = words
    .filter((word) => !word.blank && word.bbox[2] <= area[0] + 2 && verticalOverlap(word.bbox, area) > 0.5)
    .sort((a, b) => b.bbox[2] - a.bbox[2]);
  const picked: PlacedWord[] = [];
  let right = area[0];
  for (const word of row) {
    if (right - word.bbox[2] > (picked.length === 0 ? 120 : labelGap) || picked.length >= labelWords) break;
    picked.unshift(word);
    right = word.bbox[0];
  }
  return labelText(picked);
}

/** A caption over the blank: the row of words ending just above it, starting near its left end. */
function labelAbove(words: readonly PlacedWord[], area: BoundingBox): string {
  const width = area[2] - area[0];
  const first = words
    .filter(
      (word) =>
        !word.blank &&
        word.bbox[3] >= area[1] - rowHeight &&
        word.bbox[3] <= area[1] + 2 &&
        inside(word.bbox[0], area[0] - 4, area[0] + width / 2),
    )
    .sort((a, b) => b.bbox[3] - a.bbox[3] || a.bbox[0] - b.bbox[0])[0];
  if (!first) return '';
  const row = words
    .filter((word) => word.line === first.line && word.bbox[0] >= first.bbox[0] && word.bbox[0] < area[2])
    .sort((a, b) => a.bbox[0] - b.bbox[0]);
  const picked: PlacedWord[] = [];
  let left = first.bbox[0];
  for (const word of row) {
    if (word.blank || word.bbox[0] - left > labelGap || picked.length >= labelWords) break;
    picked.push(word);
    left = word.bbox[2];
  }
  return labelText(picked);
}

/** A checkbox's words: those starting just right of it on its row. */
function labelRightOf(words: readonly PlacedWord[], box: BoundingBox): string {
  const row = words
    .filter((word) => word.bbox[0] >= box[2] - 1 && verticalOverlap(word.bbox, box) > 0.3)
    .sort((a, b) => a.bbox[0] - b.bbox[0]);
  const picked: PlacedWord[] = [];
  let left = box[2];
  for (const word of row) {
    if (word.bbox[0] - left > (picked.length === 0 ? 20 : 8) || picked.length >= labelWords) break;
    picked.push(word);
    left = word.bbox[2];
  }
  return labelText(picked);
}

const centreX = (word: OcrWord) => (word.bbox[0] + word.bbox[2]) / 2;
const inside = (value: number, from: number, to: number) => value >= from && value <= to;

/** Share of a's area inside b. */
function overlapShare(a: BoundingBox, b: BoundingBox): number {
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (width <= 0 || height <= 0) return 0;
  return (width * height) / Math.max(1e-6, (a[2] - a[0]) * (a[3] - a[1]));
}

/** Share of a's height that b's rows cover. */
function verticalOverlap(a: BoundingBox, b: BoundingBox): number {
  const overlap = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return overlap <= 0 ? 0 : overlap / Math.max(1e-6, a[3] - a[1]);
}

/** A rule that is the top or bottom side of a box (a box drawn as four lines). */
const edgeOf = (rule: BoundingBox, box: BoundingBox) =>
  Math.abs(rule[0] - box[0]) < 2 &&
  Math.abs(rule[2] - box[2]) < 2 &&
  (Math.abs(rule[1] - box[1]) < 2 || Math.abs(rule[1] - box[3]) < 2);

/** An underscore word and a rule that draw the same line. */
const near = (word: BoundingBox, rule: BoundingBox) =>
  word[0] < rule[2] && rule[0] < word[2] && Math.abs(word[3] - rule[1]) < 6;

/** A frame around most of the page, not a box to write in. */
const pageFrame = (box: BoundingBox, parsed: ParsedPage) =>
  box[2] - box[0] > (parsed.width ?? 612) * 0.6 && box[3] - box[1] > (parsed.height ?? 792) * 0.3;

function dropOverlaps(blanks: Blank[]): Blank[] {
  const kept: Blank[] = [];
  for (const blank of blanks)
    if (!kept.some((other) => other.page === blank.page && overlapShare(blank.area, other.area) > 0.5))
      kept.push(blank);
  return kept;
}
