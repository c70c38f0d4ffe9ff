/**
 * Drop caps: a paragraph's first letter set big, its top level with the first line's and its
 * baseline on the second or third line's, the text of those lines set in beside it. By its
 * baseline it belongs to a lower line, and its size pulls the lines it spans into one (a 32 pt
 * "O" joins baselines 16 pt either side); read so, "Over the past three decades" comes out as
 * "ver the past three decades" with an "O" woven into the lines below.
 *
 * Settled here, before lines are grouped: the letter moves to the first line beside it, at that
 * line's baseline and size, touching its first word, so that it reads as that word's first letter.
 */

/** What this needs of a text run (layout.ts TextRun). */
interface PlacedRun {
  str: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  sideways?: boolean;
}

/** A drop cap is at least this many times the size of the text beside it (two lines' height and more). */
const CAP_SIZE = 2;
/** The text beside it starts within this many of its own em right of the letter (typesetters leave ~0.2-0.5 em). */
const BESIDE_EM = 1;
/** One letter, perhaps after an opening quote ("“T" of a quotation that opens an article). */
const capLetter = /^\s*["“‘«„]?\p{L}\s*$/u;

export function settleDropCaps<T extends PlacedRun>(runs: readonly T[]): readonly T[] {
  if (!runs.some((r) => capLetter.test(r.str))) return runs;
  return runs.map((cap) => {
    if (!capLetter.test(cap.str) || cap.sideways) return cap;
    const first = firstWordBeside(cap, runs);
    return first ? { ...cap, y: first.y, size: first.size, x1: Math.max(cap.x0, first.x0) } : cap;
  });
}

/**
 * The leftmost run of the topmost line set in beside a big letter: text at most half its size,
 * starting just right of it, with a baseline between the letter's top and its baseline. None when
 * no such line lies at least a line above the letter's baseline: a big letter whose baseline is
 * its line's (a raised initial, a heading's number) is no drop cap.
 */
function firstWordBeside<T extends PlacedRun>(cap: T, runs: readonly T[]): T | null {
  let first: T | null = null;
  for (const run of runs) {
    if (run === cap || run.sideways || run.size * CAP_SIZE > cap.size) continue;
    const gap = run.x0 - cap.x1;
    if (gap < -0.1 * run.size || gap > BESIDE_EM * run.size) continue;
    if (run.y < cap.y - cap.size || run.y > cap.y + 0.5 * run.size) continue;
    const higher = !first || run.y < first.y - 0.2 * run.size;
    const level = first && Math.abs(run.y - first.y) <= 0.2 * run.size;
    if (higher || (level && run.x0 < first!.x0)) first = run;
  }
  if (!first || first.y > cap.y - 0.8 * first.size) return null;
  return first;
}
