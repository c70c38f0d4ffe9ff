/**
 * The document as the engine reads it: lines of words with boxes, cut into segments where a gap
 * is wider than a word space (columns, cells, a label and its value set apart). OCR pages and
 * PDF text layers give lines with word boxes; other documents (DOCX, HTML, text) give lines
 * without boxes, with table rows' cells as segments.
 */

import { unionOf } from '../boxes.ts';
import type { BoundingBox, OcrWord, ParsedDocument, ParsedPage } from '../types.ts';
import { fold } from './fold.ts';
import { missingTableRows } from './table-lines.ts';

export interface DocWord {
  text: string;
  bbox: BoundingBox | null;
  confidence: number;
  /** Folded tokens of the word ("Invoice#:" → invoice, #). */
  tokens: string[];
}

export interface DocLine {
  page: number;
  /** Position in the document's reading order. */
  index: number;
  text: string;
  words: DocWord[];
  bbox: BoundingBox | null;
  /** 0..1; 1 for text layers. */
  confidence: number;
  /** Index of the first word of each segment (always starts with 0). */
  segments: number[];
  /** Page size in the boxes' units, when known. */
  pageWidth: number | null;
  pageHeight: number | null;
}

/** A gap between two words wider than this many line heights starts a new segment. */
const SEGMENT_GAP = 1.0;
/**
 * OCR specks at a line's ends (page edges, folds, stains): punctuation alone, or one or two
 * characters read with little confidence.
 */
const speck = /^[^\p{L}\p{N}$€£¥₹#%(]+$/u;
const isSpeck = (w: DocWord) => speck.test(w.text) || (w.text.length <= 2 && w.confidence < 0.5);

function wordTokens(text: string): string[] {
  const folded = fold(text.replace(/#/g, ' # '));
  return folded === '' ? [] : folded.split(' ');
}

export function documentLines(document: ParsedDocument): DocLine[] {
  const out: DocLine[] = [];
  for (const page of document.pages ?? []) {
    const lines = page.lines?.length ? boxedLines(page) : unboxedLines(page);
    for (const line of lines) {
      line.index = out.length;
      out.push(line);
    }
  }
  return out;
}

function boxedLines(page: ParsedPage): DocLine[] {
  const raw = page.lines ?? [];
  const out: DocLine[] = [];
  const inserts = missingTableRows(page);
  for (let i = 0; i <= raw.length; i++) {
    for (const insert of inserts) {
      if (insert.before !== i) continue;
      for (const row of insert.rows) {
        const made = docLine(page, row.line.words, row.line.bbox, row.segments);
        if (made) out.push(made);
      }
    }
    const line = raw[i];
    if (!line) continue;
    let words = line.words ?? [];
    while (words.length > 0 && isSpeck(asDocWord(words[0]!))) words = words.slice(1);
    while (words.length > 0 && isSpeck(asDocWord(words.at(-1)!))) words = words.slice(0, -1);
    const made = docLine(page, words, line.bbox ?? null, null);
    if (made) out.push(made);
  }
  return out;
}

const asDocWord = (w: OcrWord): DocWord => ({
  text: w.text.trim(),
  bbox: w.bbox ?? null,
  confidence: typeof w.confidence === 'number' ? w.confidence : 1,
  tokens: wordTokens(w.text),
});

/** A line of OCR or text-layer words; segments at wide gaps unless given (a table row's cells). */
function docLine(
  page: ParsedPage,
  raw: readonly OcrWord[],
  rawBox: BoundingBox | null,
  givenSegments: number[] | null,
): DocLine | null {
  const words = raw.filter((w) => typeof w.text === 'string' && w.text.trim() !== '').map(asDocWord);
  if (words.length === 0) return null;
  const bbox = unionBox(words.map((w) => w.bbox)) ?? rawBox;
  const height = bbox ? bbox[3] - bbox[1] : 0;
  const segments = givenSegments ?? [0];
  if (!givenSegments) {
    for (let k = 1; k < words.length; k++) {
      const prev = words[k - 1]!.bbox;
      const next = words[k]!.bbox;
      if (prev && next && next[0] - prev[2] > SEGMENT_GAP * height) segments.push(k);
    }
  }
  const confidence =
    words.reduce((s, w) => s + w.confidence * w.text.length, 0) /
    words.reduce((s, w) => s + w.text.length, 0);
  return {
    page: page.page,
    index: 0,
    text: words.map((w) => w.text).join(' '),
    words,
    bbox,
    confidence,
    segments,
    pageWidth: page.width,
    pageHeight: page.height,
  };
}

/** Lines of a page without boxes: table rows keep their cells as segments; tabs and wide spaces split the rest. */
function unboxedLines(page: ParsedPage): DocLine[] {
  const rows: string[][] = [];
  const blocks = page.blocks ?? [];
  if (blocks.length > 0) {
    for (const block of blocks) {
      if (block.type === 'table' && Array.isArray(block.rows))
        rows.push(...block.rows.map((r) => r.map(String)));
      else for (const text of String(block.text ?? '').split('\n')) rows.push(text.split(/\t| {3,}/));
    }
  } else {
    for (const text of String(page.text ?? '').split('\n')) rows.push(text.split(/\t| {3,}/));
  }
  const out: DocLine[] = [];
  for (const cells of rows) {
    const words: DocWord[] = [];
    const segments: number[] = [];
    for (const cell of cells) {
      const cellWords = cell.split(/\s+/).filter(Boolean);
      if (cellWords.length === 0) continue;
      segments.push(words.length);
      for (const text of cellWords) words.push({ text, bbox: null, confidence: 1, tokens: wordTokens(text) });
    }
    if (words.length === 0) continue;
    out.push({
      page: page.page,
      index: 0,
      text: words.map((w) => w.text).join(' '),
      words,
      bbox: null,
      confidence: 1,
      segments,
      pageWidth: page.width,
      pageHeight: page.height,
    });
  }
  return out;
}

export function unionBox(boxes: readonly (BoundingBox | null)[]): BoundingBox | null {
  const known = boxes.filter((box): box is BoundingBox => box !== null);
  return known.length > 0 ? unionOf(known) : null;
}

/** The segment (as [first, end) word indexes) a word belongs to. */
export function segmentOf(line: DocLine, word: number): [number, number] {
  let start = 0;
  let end = line.words.length;
  for (const s of line.segments) {
    if (s <= word) start = s;
    else {
      end = s;
      break;
    }
  }
  return [start, end];
}

export const lineHeight = (line: DocLine) => (line.bbox ? line.bbox[3] - line.bbox[1] : 0);

/** Text of words [from, to) of a line, and the character offset of each word in it. */
export function wordsText(line: DocLine, from: number, to: number): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  for (let k = from; k < to; k++) {
    if (k > from) text += ' ';
    offsets.push(text.length);
    text += line.words[k]!.text;
  }
  return { text, offsets };
}
