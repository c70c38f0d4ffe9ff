/** A packed chunk as the result shows it: text, markdown, where it is (pages, boxes) and what it holds. */
import type { Chunk, ChunkBox } from '../../core/chunk.ts';
import type { Packed } from './pack.ts';
import type { Piece } from './units.ts';

export interface Draft {
  packed: Packed;
  headingPath: string[];
  /** Blocks the chunk covers without repeating their text: its section's heading, above its first chunk. */
  lead: Piece[];
}

export function toChunk(draft: Draft, index: number, idPrefix: string): Chunk {
  const pieces = [...draft.lead, ...draft.packed.units.flatMap((unit) => unit.pieces)];
  const pages = [...new Set(pieces.map((piece) => piece.page))].sort((a, b) => a - b);
  const bboxes: Record<string, ChunkBox[]> = {};
  const seen = new Set<string>();
  for (const { block, page } of pieces) {
    if (!block.bbox) continue;
    const box = block.bbox.map((v) => Math.round(v * 100) / 100) as ChunkBox;
    // Parts of one block (its sentences) share its box: listed once.
    const key = `${page}:${box.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = bboxes[page];
    if (list) list.push(box);
    else bboxes[page] = [box];
  }
  return {
    id: `${idPrefix}${index}`,
    index,
    text: draft.packed.text,
    markdown: draft.packed.markdown,
    headingPath: draft.headingPath,
    pages,
    bboxes,
    blockTypes: [...new Set(pieces.map((piece) => piece.block.type))],
    tokens: draft.packed.tokens,
  };
}
