/**
 * Units into chunks of at most maxTokens, in order: as many whole units as fit, a unit too big cut
 * first (split-unit.ts); `overlapTokens` of the end of a chunk repeated at the start of the next
 * (whole units where they fit, else the last words); chunks under `minTokens` joined to a neighbour
 * where the two fit together. Every chunk's count is the exact count of its final text.
 */

import { joinSmallNeighbours } from './join-small.ts';
import { splitWords } from './sentences.ts';
import { fitUnit, sentenceUnits } from './split-unit.ts';
import type { Tokenizer } from './tokenizer.ts';
import { joinTokens, joinUnits, makeUnit, pieceJoin, type Unit } from './units.ts';

/** The heading context written at the top of each chunk of a section ('' for none). */
export interface Frame {
  text: string;
  markdown: string;
  tokens: number;
}

export const noFrame: Frame = { text: '', markdown: '', tokens: 0 };

export interface Packed {
  units: Unit[];
  /** How many of the first units repeat the end of the chunk before (overlap). */
  repeated: number;
  text: string;
  markdown: string;
  tokens: number;
}

export interface PackOptions {
  maxTokens: number;
  overlapTokens: number;
  minTokens: number;
  /** Every sentence a unit of its own, so that windows are filled and cut between sentences (size). */
  sentences?: boolean;
}

/** Units under a frame as one chunk, counted. */
export function composeChunk(frame: Frame, units: Unit[], tokenizer: Tokenizer): Packed {
  const text = compose(frame, units, 'text');
  return {
    units,
    repeated: 0,
    text,
    markdown: compose(frame, units, 'markdown'),
    tokens: tokenizer.count(text),
  };
}

const compose = (frame: Frame, units: readonly Unit[], field: 'text' | 'markdown') => {
  const body = joinUnits(units, field);
  const head = frame[field];
  return head === '' ? body : body === '' ? head : `${head}\n\n${body}`;
};

export function packUnits(
  units: readonly Unit[],
  frame: Frame,
  options: PackOptions,
  tokenizer: Tokenizer,
): Packed[] {
  const { maxTokens } = options;
  // A unit alone must fit under the frame; 2 tokens spare for the blank line and BPE merges at the join.
  const unitBudget = Math.max(8, maxTokens - frame.tokens - (frame.tokens > 0 ? 3 : 0));
  const queue = units.flatMap((unit) =>
    options.sentences ? sentenceUnits(unit, unitBudget, tokenizer) : fitUnit(unit, unitBudget, tokenizer),
  );
  const out: Packed[] = [];
  let current: Unit[] = [];
  let repeated = 0;
  let estimate = frame.tokens;
  const measure = (chunk: Unit[]) => {
    const text = compose(frame, chunk, 'text');
    return { text, tokens: tokenizer.count(text) };
  };
  let i = 0;
  while (i < queue.length) {
    const unit = queue[i]!;
    const previous = current.findLast((u) => u.text !== '');
    const add = unit.tokens + (previous || frame.tokens > 0 ? joinTokens(joinBefore(previous, unit)) : 0);
    if (current.length === repeated || estimate + add <= maxTokens) {
      current.push(unit);
      estimate += add;
      i++;
      if (i < queue.length) continue;
    }
    // The chunk is full (or the units are all placed): close it at its exact count.
    let { text, tokens } = measure(current);
    while (tokens > maxTokens && current.length - repeated > 1) {
      current.pop();
      i--;
      ({ text, tokens } = measure(current));
    }
    while (tokens > maxTokens && repeated > 0) {
      current.shift();
      repeated--;
      ({ text, tokens } = measure(current));
    }
    if (tokens > maxTokens) {
      // One unit whose joins with the frame cost more than counted: cut it smaller and go on.
      const over = current.pop()!;
      i--;
      queue.splice(i, 1, ...fitUnit(over, Math.max(1, over.tokens - (tokens - maxTokens) - 2), tokenizer));
      estimate = measure(current).tokens;
      continue;
    }
    if (text !== '' && text !== frame.text)
      out.push({ units: current, repeated, text, markdown: compose(frame, current, 'markdown'), tokens });
    if (i >= queue.length) break;
    current = overlapTail(current, options.overlapTokens, tokenizer);
    repeated = current.length;
    estimate = current.length > 0 ? measure(current).tokens : frame.tokens;
  }
  return options.minTokens > 0 ? joinSmall(out, frame, options, tokenizer) : out;
}

const joinBefore = (previous: Unit | undefined, unit: Unit) =>
  previous ? pieceJoin(previous.pieces.at(-1)!, unit.pieces[0]!) : '\n\n';

/** The last whole units within `overlap` tokens; when the last unit alone is more, its last words. */
function overlapTail(chunk: readonly Unit[], overlap: number, tokenizer: Tokenizer): Unit[] {
  if (overlap <= 0) return [];
  const tail: Unit[] = [];
  let total = 0;
  for (let k = chunk.length - 1; k >= 0; k--) {
    const unit = chunk[k]!;
    if (total + unit.tokens + 1 > overlap) break;
    tail.unshift(unit);
    total += unit.tokens + 1;
  }
  if (tail.length > 0) return tail;
  const last = chunk.at(-1);
  if (last?.pieces.length !== 1) return [];
  const piece = last.pieces[0]!;
  // Tables and code repeat whole or not at all: their last words alone mean nothing.
  if (piece.block.type === 'table' || piece.block.type === 'code') return [];
  const words = splitWords(piece.block.text);
  let take = 0;
  while (take < words.length && tokenizer.count(words.slice(words.length - take - 1).join(' ')) <= overlap)
    take++;
  if (take === 0) return [];
  const text = words.slice(words.length - take).join(' ');
  return [
    makeUnit([{ block: { ...piece.block, text }, page: piece.page, follows: ' ' }], last.path, tokenizer),
  ];
}

/** Chunks under minTokens joined to the next (else the one before) where the two fit together. */
function joinSmall(chunks: Packed[], frame: Frame, options: PackOptions, tokenizer: Tokenizer): Packed[] {
  const merge = (a: Packed, b: Packed): Packed | null => {
    const units = [...a.units, ...b.units.slice(b.repeated)];
    const text = compose(frame, units, 'text');
    const tokens = tokenizer.count(text);
    if (tokens > options.maxTokens) return null;
    return { units, repeated: a.repeated, text, markdown: compose(frame, units, 'markdown'), tokens };
  };
  return joinSmallNeighbours(chunks, options.minTokens, (chunk) => chunk.tokens, merge);
}
