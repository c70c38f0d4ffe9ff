/**
 * The structure strategy: a chunk never crosses a heading. Each section (a heading and the blocks
 * up to the next) is packed on its own, every chunk led by the section's heading path, so that a
 * chunk read alone (by a search, an LLM) still says what it is about. The path's tokens count
 * against maxTokens, since they are embedded with the chunk. A table, list or figure with its
 * caption stays whole where it fits.
 */
import type { ChunkingUsed } from '../../core/chunk.ts';
import type { Draft } from './assemble.ts';
import { type FlowItem, firstPageOf } from './flow.ts';
import { type Heading, HeadingPath } from './heading-path.ts';
import { joinSmallNeighbours } from './join-small.ts';
import { composeChunk, type Frame, noFrame, packUnits } from './pack.ts';
import { splitWords } from './sentences.ts';
import type { Tokenizer } from './tokenizer.ts';
import { makeUnit, type Unit } from './units.ts';

/**
 * The heading context takes at most a quarter of a chunk: a long path (or a paragraph the layout
 * took for a heading) loses its outer headings first, then its words.
 */
const frameShare = 4;

interface SectionDraft extends Draft {
  headings: readonly Heading[];
}

export function structureChunks(
  flow: readonly FlowItem[],
  options: ChunkingUsed,
  tokenizer: Tokenizer,
): Draft[] {
  const drafts: SectionDraft[] = [];
  const path = new HeadingPath(firstPageOf(flow));
  let content: Unit[] = [];
  // Headings with nothing under them before a heading of their level or above: their words go
  // into the next section's first chunk rather than nowhere.
  let orphans: Unit[] = [];
  let hasContent = false;
  const texts = () => path.texts;
  const close = (last = false) => {
    // Orphans wait for content to go with; at the end of the document they go alone.
    if (content.length === 0 && !(last && orphans.length > 0)) return;
    const units = [...orphans, ...content];
    const packed = packUnits(units, frameOf(path.headings, options.maxTokens, tokenizer), options, tokenizer);
    const heading = path.headings.at(-1);
    packed.forEach((chunk, k) => {
      const lead = k === 0 && heading && hasContent ? [heading.piece] : [];
      drafts.push({ packed: chunk, headingPath: texts(), lead, headings: [...path.headings] });
    });
    orphans = [];
    content = [];
  };
  for (const item of flow) {
    if (item.kind === 'content') {
      content.push(makeUnit(item.pieces, texts(), tokenizer));
      hasContent = true;
      continue;
    }
    close();
    const top = path.headings.at(-1);
    const closed = path.enter({ text: item.text, level: item.level, piece: item.piece });
    if (top && !hasContent && closed.includes(top)) orphans.push(makeUnit([top.piece], [], tokenizer));
    hasContent = false;
  }
  const last = path.headings.at(-1);
  if (last && !hasContent) {
    path.pop();
    orphans.push(makeUnit([last.piece], [], tokenizer));
  }
  close(true);
  return options.minTokens > 0 ? joinSmallSections(drafts, options, tokenizer) : drafts;
}

/**
 * A chunk under minTokens (a section of a heading and a line) joins the next chunk, else the one
 * before, where the two fit: under the headings they share, the others written as lines of text.
 */
function joinSmallSections(drafts: SectionDraft[], options: ChunkingUsed, tokenizer: Tokenizer): Draft[] {
  const merge = (a: SectionDraft, b: SectionDraft): SectionDraft | null => {
    let common = 0;
    while (common < a.headings.length && a.headings[common] === b.headings[common]) common++;
    const lines = (headings: readonly Heading[]) =>
      headings.slice(common).map((heading) => makeUnit([heading.piece], [], tokenizer));
    const units = [
      ...lines(a.headings),
      ...a.packed.units,
      ...lines(b.headings),
      ...b.packed.units.slice(b.packed.repeated),
    ];
    const shared = a.headings.slice(0, common);
    const packed = composeChunk(frameOf(shared, options.maxTokens, tokenizer), units, tokenizer);
    if (packed.tokens > options.maxTokens) return null;
    return { packed, headings: shared, headingPath: shared.map((h) => h.text), lead: [...a.lead, ...b.lead] };
  };
  return joinSmallNeighbours(drafts, options.minTokens, (draft) => draft.packed.tokens, merge);
}

/** The heading path as the top lines of a chunk: one heading a line (in markdown at its level). */
export function frameOf(path: readonly Heading[], maxTokens: number, tokenizer: Tokenizer): Frame {
  if (path.length === 0) return noFrame;
  const cap = Math.floor(maxTokens / frameShare);
  let kept = [...path];
  const frame = (headings: readonly Heading[]): Frame => {
    const text = headings.map((heading) => heading.text).join('\n');
    const markdown = headings
      .map((heading) => `${'#'.repeat(Math.min(6, heading.level))} ${heading.text}`)
      .join('\n');
    return { text, markdown, tokens: tokenizer.count(text) };
  };
  let framed = frame(kept);
  while (framed.tokens > cap && kept.length > 1) {
    kept = kept.slice(1);
    framed = frame(kept);
  }
  if (framed.tokens <= cap) return framed;
  // One heading longer than the cap: its first words.
  const words = splitWords(kept[0]!.text);
  let take = words.length;
  while (take > 1 && framed.tokens > cap) {
    take = Math.max(1, Math.floor(take * 0.8));
    framed = frame([{ ...kept[0]!, text: `${words.slice(0, take).join(' ')} …` }]);
  }
  return framed.tokens <= cap ? framed : noFrame;
}
