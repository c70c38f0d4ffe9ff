/**
 * A unit too big for a chunk, cut where the document allows: a group into its blocks, a table into
 * groups of rows each led by the header rows, code into lines, text into sentences, a sentence into
 * words, a word into characters. Every part fits `budget` tokens.
 */
import type { Block, BoundingBox } from '../types.ts';
import { splitCharacters, splitSentences, splitWords } from './sentences.ts';
import type { Tokenizer } from './tokenizer.ts';
import { makeUnit, type Piece, type Unit } from './units.ts';

export function fitUnit(unit: Unit, budget: number, tokenizer: Tokenizer): Unit[] {
  if (unit.tokens <= budget) return [unit];
  const single = (piece: Piece) => makeUnit([piece], unit.path, tokenizer);
  if (unit.pieces.length > 1)
    return unit.pieces.flatMap((piece) => fitUnit(single(piece), budget, tokenizer));
  const piece = unit.pieces[0]!;
  const { block } = piece;
  // More than one body row: a table can still be cut between rows.
  if (block.type === 'table' && block.rows && block.rows.length - (block.headerRows ?? 0) > 1)
    return tableParts(piece, budget, tokenizer).flatMap((part) => fitUnit(single(part), budget, tokenizer));
  if (block.type === 'code' && block.text.includes('\n'))
    return groupLines(piece, budget, tokenizer).map(single);
  return textParts(piece, budget, tokenizer).map(single);
}

/** Every sentence its own unit (the size strategy's grain), whether or not the block fits. */
export function sentenceUnits(unit: Unit, budget: number, tokenizer: Tokenizer): Unit[] {
  const texts = unit.pieces.filter(({ block }) => block.type !== 'table' && block.type !== 'code');
  if (texts.length === 0) return fitUnit(unit, budget, tokenizer);
  return unit.pieces.flatMap((piece) => {
    const own = makeUnit([piece], unit.path, tokenizer);
    if (piece.block.type === 'table' || piece.block.type === 'code') return fitUnit(own, budget, tokenizer);
    return textParts(piece, budget, tokenizer, true).map((part) => makeUnit([part], unit.path, tokenizer));
  });
}

interface TextPart {
  text: string;
  /** What separates it from the part before: a space, or nothing inside a word. */
  follows: string;
  /** A whole sentence, which may join its neighbours again while they fit. */
  sentence: boolean;
}

/** A paragraph, item, heading or caption: sentences, a sentence too long by words, a word by characters. */
function textParts(piece: Piece, budget: number, tokenizer: Tokenizer, everySentence = false): Piece[] {
  const parts: TextPart[] = [];
  for (const sentence of splitSentences(piece.block.text)) {
    if (tokenizer.count(sentence) <= budget) {
      parts.push({ text: sentence, follows: ' ', sentence: true });
      continue;
    }
    for (const words of groupByBudget(splitWords(sentence), ' ', budget, tokenizer)) {
      if (words.length > 1 || tokenizer.count(words[0]!) <= budget) {
        parts.push({ text: words.join(' '), follows: ' ', sentence: false });
        continue;
      }
      splitCharacters(words[0]!, budget, tokenizer).forEach((text, k) => {
        parts.push({ text, follows: k === 0 ? ' ' : '', sentence: false });
      });
    }
  }
  const kept = everySentence ? parts : regroup(parts, budget, tokenizer);
  return kept.map(({ text, follows }, k) => {
    const part: Piece = { block: partBlock(piece.block, text), page: piece.page };
    if (k > 0) part.follows = follows;
    else if (piece.follows !== undefined) part.follows = piece.follows;
    return part;
  });
}

/** A table cut below its rows (one row too long for a chunk) reads as a one-cell table. */
const partBlock = (block: Block, text: string): Block =>
  block.type === 'table'
    ? { type: 'table', text, bbox: block.bbox, rows: [[text]], headerRows: 0 }
    : { ...block, text };

/** Whole sentences joined back while they fit. */
function regroup(parts: TextPart[], budget: number, tokenizer: Tokenizer): TextPart[] {
  const out: TextPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    const joined = last ? `${last.text} ${part.text}` : '';
    if (last?.sentence && part.sentence && tokenizer.count(joined) <= budget) last.text = joined;
    else out.push({ ...part });
  }
  return out;
}

/** Items joined by `join`, greedily grouped so that each group's text fits (an item alone may not). */
export function groupByBudget(
  items: string[],
  join: string,
  budget: number,
  tokenizer: Tokenizer,
): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let estimate = 0;
  const close = () => {
    // The estimate adds the items' own counts; BPE merges across a join rarely differ by more than one.
    while (group.length > 1 && tokenizer.count(group.join(join)) > budget) {
      const last = group.pop()!;
      groups.push(group);
      group = [last];
    }
    groups.push(group);
  };
  for (const item of items) {
    const tokens = tokenizer.count(item);
    if (group.length > 0 && estimate + tokens + 1 > budget) {
      close();
      group = [];
      estimate = 0;
    }
    group.push(item);
    estimate += tokens + (group.length > 1 ? 1 : 0);
  }
  if (group.length > 0) close();
  return groups;
}

function groupLines(piece: Piece, budget: number, tokenizer: Tokenizer): Piece[] {
  return groupByBudget(piece.block.text.split('\n'), '\n', budget, tokenizer).map((lines) => ({
    block: { ...piece.block, text: lines.join('\n') },
    page: piece.page,
  }));
}

/**
 * A table as groups of its body rows, each led by the header rows (as many rows as fit): each part
 * reads as a table of its own. A header too big to repeat (over half the budget) is not repeated.
 */
function tableParts(piece: Piece, budget: number, tokenizer: Tokenizer): Piece[] {
  const { block } = piece;
  const rows = block.rows!;
  const rowText = (row: readonly string[]) => row.join('\t');
  let header = Math.min(block.headerRows ?? 0, rows.length - 1);
  const headerText = rows.slice(0, header).map(rowText).join('\n');
  if (header > 0 && tokenizer.count(headerText) > budget / 2) header = 0;
  const bodyBudget = budget - (header > 0 ? tokenizer.count(headerText) + 1 : 0);
  const body = rows.slice(header).map((row, k) => ({ row: header + k, text: rowText(row) }));
  const parts: Piece[] = [];
  let from = header;
  for (const group of groupByBudget(
    body.map((row) => row.text),
    '\n',
    bodyBudget,
    tokenizer,
  )) {
    parts.push({ block: tablePart(block, header, from, from + group.length), page: piece.page });
    from += group.length;
  }
  return parts;
}

/** Rows [from, to) of a table under its `header` first rows, renumbered, as a table block. */
function tablePart(block: Block, header: number, from: number, to: number): Block {
  const kept = (row: number) => row < header || (row >= from && row < to);
  const renumbered = (row: number) => (row < header ? row : header + row - from);
  const rows = [...block.rows!.slice(0, header), ...block.rows!.slice(from, to)];
  const cells = block.cells
    ?.filter((cell) => kept(cell.row))
    .map((cell) => ({
      ...cell,
      row: renumbered(cell.row),
      rowSpan: Math.min(cell.rowSpan, (cell.row < header ? header : to) - cell.row),
    }));
  const boxes = (block.cells ?? [])
    .filter((cell) => cell.row >= from && cell.row < to && cell.bbox && cell.page === undefined)
    .map((cell) => cell.bbox!);
  return {
    type: 'table',
    text: rows.map((row) => row.join('\t')).join('\n'),
    bbox: boxes.length > 0 ? unionBox(boxes) : block.bbox,
    rows,
    ...(cells ? { cells } : {}),
    headerRows: header,
  };
}

function unionBox(boxes: readonly BoundingBox[]): BoundingBox {
  return [
    Math.min(...boxes.map((box) => box[0])),
    Math.min(...boxes.map((box) => box[1])),
    Math.max(...boxes.map((box) => box[2])),
    Math.max(...boxes.map((box) => box[3])),
  ];
}
