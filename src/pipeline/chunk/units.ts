/**
 * The pieces chunks are made of. A unit is text that goes into one chunk whole: a paragraph, a
 * table with its caption, a run of list items, or, once split, a sentence or a group of a table's
 * rows. It keeps the blocks it came from (page, box, type) so that a chunk can say where it is.
 */
import { blockMarkdown } from '../pdf/blocks.ts';
import type { Block, BlockType } from '../types.ts';
import type { Tokenizer } from './tokenizer.ts';

/** A block, or a part of one (a sentence, some rows), on its page. */
export interface Piece {
  block: Block;
  page: number;
  /**
   * Set on the second and later parts of a split paragraph or item: what separates it from the part
   * before (a space between sentences or words, nothing between slices of one long word).
   */
  follows?: string;
}

export interface Unit {
  pieces: Piece[];
  text: string;
  markdown: string;
  tokens: number;
  /** The headings above it, outermost first (each on one line). */
  path: string[];
}

/** Page furniture: never in a chunk (running heads and page numbers repeat on every page). */
const furniture: ReadonlySet<BlockType> = new Set(['header', 'footer', 'pageNumber', 'watermark']);
export const isFurniture = (block: Block) => furniture.has(block.type);

export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** What goes between two pieces: list items one a line, blocks a blank line apart. */
export function pieceJoin(before: Piece, after: Piece): string {
  if (after.follows !== undefined) return after.follows;
  return before.block.type === 'list' && after.block.type === 'list' ? '\n' : '\n\n';
}

/** Tokens a join adds: a line break is a token of its own in cl100k and o200k; a space joins the next word's. */
export const joinTokens = (join: string) => (/\n/.test(join) ? 1 : 0);

/** A block's markdown as the page renders it; a later part of a split paragraph or item goes on as plain text. */
export function pieceMarkdown(piece: Piece): string {
  const { block } = piece;
  if (piece.follows !== undefined && block.type !== 'table' && block.type !== 'code')
    return oneLine(block.text);
  if (block.type === 'figure' && !block.name) return oneLine(block.text);
  return blockMarkdown(block);
}

export function makeUnit(pieces: Piece[], path: string[], tokenizer: Tokenizer): Unit {
  const text = joinPieces(pieces, (piece) => piece.block.text);
  return { pieces, text, markdown: joinPieces(pieces, pieceMarkdown), tokens: tokenizer.count(text), path };
}

/** Units one after another, as a chunk's body. */
export function joinUnits(units: readonly Unit[], field: 'text' | 'markdown'): string {
  let out = '';
  let last: Piece | null = null;
  for (const unit of units) {
    const value = unit[field];
    if (value === '') continue;
    out += (last ? pieceJoin(last, unit.pieces[0]!) : '') + value;
    last = unit.pieces.at(-1)!;
  }
  return out;
}

/** Pieces one after another; an empty one (a figure without caption) takes no separator. */
function joinPieces(pieces: readonly Piece[], value: (piece: Piece) => string): string {
  let out = '';
  let last: Piece | null = null;
  for (const piece of pieces) {
    const text = value(piece);
    if (text === '') continue;
    out += (last ? pieceJoin(last, piece) : '') + text;
    last = piece;
  }
  return out;
}
