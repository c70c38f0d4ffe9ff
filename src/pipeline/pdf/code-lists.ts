/**
 * Code blocks and list nesting, the two block kinds that keep a line's
 * indentation: code set in a fixed-pitch font keeps it as spaces, list items
 * turn it into a nesting depth (Block.level, 0 at the outermost).
 */
import type { Block } from '../types.ts';
import type { Line } from './layout.ts';

/** A fixed-pitch glyph is ~0.6 em wide (Courier: exactly 600/1000). */
const MONO_ADVANCE_EM = 0.6;

/**
 * Runs of ≥2 consecutive fixed-pitch lines going down the page, keyed by
 * their first line's index. One line in a fixed-pitch font is a file name or
 * a command inside prose, not a block.
 */
export function findCode(lines: readonly Line[]): Map<number, { end: number; block: Block }> {
  const found = new Map<number, { end: number; block: Block }>();
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j < lines.length && lines[j]!.mono) {
      const step = j > i ? lines[j]!.y - lines[j - 1]!.y : 0;
      if (step < 0 || step > 3 * lines[j]!.size) break;
      j++;
    }
    if (j - i >= 2) {
      found.set(i, { end: j, block: codeBlock(lines.slice(i, j)) });
      i = j;
    } else {
      i = Math.max(i + 1, j);
    }
  }
  return found;
}

function codeBlock(lines: readonly Line[]): Block {
  const left = Math.min(...lines.map((l) => l.x0));
  const text = lines
    .map((l) => ' '.repeat(Math.max(0, Math.round((l.x0 - left) / (MONO_ADVANCE_EM * l.size)))) + l.text)
    .join('\n');
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    type: 'code',
    text,
    bbox: [
      r(left),
      r(Math.min(...lines.map((l) => l.top))),
      r(Math.max(...lines.map((l) => l.x1))),
      r(Math.max(...lines.map((l) => l.bottom))),
    ],
  };
}

/**
 * Sets each list item's depth from its left edge within a run of consecutive
 * items: every distinct indent stop (more than ~1 em apart) left of it is one
 * level up. An item left of the run's first one resets to depth 0.
 */
export function nestLists(blocks: Block[]): void {
  let stops: number[] = [];
  for (const [k, block] of blocks.entries()) {
    if (block.type !== 'list' || !block.bbox) {
      stops = [];
      continue;
    }
    const x = block.bbox[0];
    const em = Math.max(4, (block.bbox[3] - block.bbox[1]) / Math.max(1, block.text.split('\n').length));
    if (k === 0 || blocks[k - 1]?.type !== 'list') stops = [];
    // Back out to the stop this item lines up with; deeper stops no longer apply.
    while (stops.length > 0 && x < stops.at(-1)! - 0.8 * em) stops.pop();
    const last = stops.at(-1);
    if (last === undefined || x > last + 0.8 * em) stops.push(x);
    if (stops.length > 1) block.level = stops.length - 1;
  }
}
