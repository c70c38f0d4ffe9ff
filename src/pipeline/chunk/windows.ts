/**
 * The size and page strategies: the document's text as it flows, headings included as lines of
 * their own, with no heading context repeated. size: windows of maxTokens cut between sentences,
 * overlapping by overlapTokens. page: one chunk a page, cut further only where a page is over
 * maxTokens. A chunk's headingPath is the one in force where its own text starts.
 */
import type { ChunkingUsed } from '../../core/chunk.ts';
import type { Draft } from './assemble.ts';
import { type FlowItem, firstPageOf } from './flow.ts';
import { HeadingPath } from './heading-path.ts';
import { noFrame, packUnits } from './pack.ts';
import type { Tokenizer } from './tokenizer.ts';
import { makeUnit, type Piece, type Unit } from './units.ts';

/** Every block as a unit carrying the heading path above it (a heading's path ends with itself). */
function flowUnits(flow: readonly FlowItem[], tokenizer: Tokenizer): Unit[] {
  const path = new HeadingPath(firstPageOf(flow));
  return flow.map((item) => {
    if (item.kind === 'content') return makeUnit(item.pieces, path.texts, tokenizer);
    path.enter({ text: item.text, level: item.level, piece: item.piece });
    return makeUnit([item.piece], path.texts, tokenizer);
  });
}

const drafts = (
  units: readonly Unit[],
  options: ChunkingUsed,
  tokenizer: Tokenizer,
  sentences: boolean,
): Draft[] =>
  packUnits(units, noFrame, { ...options, sentences }, tokenizer).map((packed) => ({
    packed,
    headingPath: (packed.units[packed.repeated] ?? packed.units[0]!).path,
    lead: [],
  }));

export function sizeChunks(flow: readonly FlowItem[], options: ChunkingUsed, tokenizer: Tokenizer): Draft[] {
  return drafts(flowUnits(flow, tokenizer), options, tokenizer, true);
}

export function pageChunks(flow: readonly FlowItem[], options: ChunkingUsed, tokenizer: Tokenizer): Draft[] {
  // A group that runs over a page break (a list, a table and its caption) is cut at the break.
  const byPage = new Map<number, Unit[]>();
  for (const unit of flowUnits(flow, tokenizer)) {
    const pages = new Map<number, Piece[]>();
    for (const piece of unit.pieces) {
      const list = pages.get(piece.page);
      if (list) list.push(piece);
      else pages.set(piece.page, [piece]);
    }
    for (const [page, pieces] of pages) {
      const own = pages.size === 1 ? unit : makeUnit(pieces, unit.path, tokenizer);
      const list = byPage.get(page);
      if (list) list.push(own);
      else byPage.set(page, [own]);
    }
  }
  return [...byPage.keys()]
    .sort((a, b) => a - b)
    .flatMap((page) => drafts(byPage.get(page)!, options, tokenizer, false));
}
