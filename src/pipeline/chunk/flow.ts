/**
 * A parsed document as the chunkers read it: its blocks in reading order over all pages, furniture
 * left out, headings apart, and the blocks that belong together grouped (a run of list items; a
 * table or figure with the caption paragraph just above or below it).
 */
import type { Block, ParsedDocument } from '../types.ts';
import { isFurniture, oneLine, type Piece } from './units.ts';

export type FlowItem =
  | { kind: 'heading'; piece: Piece; level: number; text: string }
  | { kind: 'content'; pieces: Piece[] };

/**
 * "Table 3: …", "Fig. 2.", "Figure 1-2 …", "Abbildung 4" (and the French and Spanish words): a
 * paragraph that names a table or figure by number, as captions do.
 */
const captionStart =
  /^(table|tab\.|figure|fig\.|chart|exhibit|listing|algorithm|scheme|plate|abbildung|abb\.|tabelle|tableau|tabla|figura|gráfico)\s*[a-z]?[\divxlc]+\b/i;

const isCaption = (block: Block) => block.type === 'paragraph' && captionStart.test(block.text.trim());
const takesCaption = (block: Block) =>
  block.type === 'table' || block.type === 'code' || (block.type === 'figure' && !block.caption);

/**
 * Headings are short: a full sentence of 8 words or more, over 24 words, or over 4 lines is a
 * paragraph the layout set in a larger or bolder font (a pull quote, a lead paragraph).
 */
export function readsAsParagraph(text: string): boolean {
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  const lines = text.trim().split('\n').length;
  return words > 24 || lines > 4 || (words >= 8 && /[.!?]["'”’)]*$/u.test(text.trim()));
}

export function readingFlow(document: ParsedDocument): FlowItem[] {
  const flow: FlowItem[] = [];
  let run: Piece[] = [];
  const flush = () => {
    flow.push(...groupRun(run));
    run = [];
  };
  for (const page of document.pages) {
    for (const block of page.blocks) {
      if (isFurniture(block)) continue;
      const empty = block.text.trim() === '';
      if (block.type === 'heading' && !readsAsParagraph(block.text)) {
        if (empty) continue;
        flush();
        const piece = { block, page: page.page };
        flow.push({ kind: 'heading', piece, level: block.level ?? 1, text: oneLine(block.text) });
        continue;
      }
      // A figure without caption has no words, but its box says where the picture is.
      if (empty && block.type !== 'figure') continue;
      // A "heading" that reads as a paragraph goes with the text: repeated atop every chunk after
      // it, its words would rank all of them for any query that shares one.
      run.push({
        block: block.type === 'heading' ? { ...block, type: 'paragraph' } : block,
        page: page.page,
      });
    }
  }
  flush();
  return flow;
}

/** The content between two headings, in groups that go into a chunk together where they fit. */
function groupRun(run: readonly Piece[]): FlowItem[] {
  const groups: Piece[][] = [];
  const bound = new Set<number>();
  for (let k = 0; k < run.length; k++) {
    if (bound.has(k)) continue;
    const { block } = run[k]!;
    const last = groups.at(-1);
    if (block.type === 'list' && last && last.at(-1)!.block.type === 'list' && !bound.has(k - 1)) {
      last.push(run[k]!);
      continue;
    }
    if (takesCaption(block)) {
      // Above it, unless that caption went with what came before; else just below it.
      const above = k > 0 && isCaption(run[k - 1]!.block) && last?.length === 1 && last[0] === run[k - 1];
      if (above) {
        last.push(run[k]!);
        bound.add(k);
        continue;
      }
      const below = k + 1 < run.length && isCaption(run[k + 1]!.block);
      if (below) {
        groups.push([run[k]!, run[k + 1]!]);
        bound.add(k + 1);
        continue;
      }
    }
    groups.push([run[k]!]);
  }
  return groups.map((pieces) => ({ kind: 'content', pieces }));
}

/** The page the document's text starts on (its title's, usually). */
export const firstPageOf = (flow: readonly FlowItem[]): number => {
  const first = flow[0];
  if (!first) return 1;
  return first.kind === 'heading' ? first.piece.page : first.pieces[0]!.page;
};
