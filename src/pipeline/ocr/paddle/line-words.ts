/**
 * A recognised line → its words, each with its own box and confidence.
 *
 * The only recogniser shipped (PaddleOCR's Chinese/Latin model) seldom emits the space between
 * Latin words: `Tampoi81200JohorBahru`. But its time steps still show them: on the blank steps
 * between two words the space class has a clear second place, and a gap far wider than the
 * line's character pitch is a column gap. Spaces the model did emit are kept.
 */
import type { OcrBox, OcrWord } from '../ocr-page.ts';
import type { DecodedChar } from './ctc.ts';
import type { Point, Quad } from './min-area-rect.ts';

/**
 * The space class's probability between two characters from which they are two words (ctc.ts
 * `spaceBefore`). Measured on receipt lines: 0.06-0.31 at the spaces of "BAR WANG RICE@PERMAS
 * JAYA", at most 0.024 inside its words (E→@).
 */
export const spaceEvidence = 0.05;

/**
 * Blank space before a character (ink-gaps.ts, in ink heights) from which it starts a word, if it
 * is also this many times the line's median gap between letters of a word. A blurred or much enlarged scan can leave the
 * space class unsure ("Wordsonly": 0.03) while the gap is plain (0.43 against 0.09-0.15 inside
 * the words). Monospaced receipts leave wide gaps around narrow letters (up to ~0.35 in "SRI0"),
 * hence the second, relative condition. Receipt lines, word-F1 on 1,294 of them: 0.846 with
 * these rules, 0.847 with the space class alone (which misses every space of the enlarged scan).
 * A median over all gaps, word gaps included, rose enough on a short clean line to miss
 * "Invoice number 4711" (gap 0.45, median 0.19).
 */
export const blankGap = 0.3;
export const blankGapRatio = 2.5;
/**
 * ...and if the space class gives it at least this: a narrow letter of a monospaced receipt
 * ("STAT IONERY") has the blank but not the space class (under 0.005); the enlarged scan's word
 * spaces have both. Word-F1 on the receipt lines: 0.847 with this condition, 0.840 without.
 */
export const blankSpaceEvidence = 0.01;

/**
 * Centre-to-centre distance, in the line's median pitches, from which two characters are two
 * words whatever the space class says: a detected region that runs across a column gap. The
 * peaks of one word's letters wander by a step, so distance alone cannot find ordinary spaces
 * (monospaced type: 3-4 steps inside a word, 4-5 across a space).
 */
export const columnGap = 2.5;

export interface LineGeometry {
  quad: Quad;
  /** Time steps the crop spans: step t covers [t, t + 1) / steps of the quad's length. */
  steps: number;
}

export function lineWords(chars: readonly DecodedChar[], line: LineGeometry): OcrWord[] {
  const groups = splitWords(chars);
  const pitch = medianPitch(chars);
  return groups.map((group) => {
    const first = group[0]!;
    const last = group.at(-1)!;
    // A character's peak is near its centre; half a pitch either side covers its ends.
    const start = centre(first) - pitch / 2;
    const end = centre(last) + pitch / 2;
    return {
      text: group.map((c) => c.char).join(''),
      bbox: segmentBox(line, Math.max(0, start / line.steps), Math.min(1, end / line.steps)),
      confidence: group.reduce((sum, c) => sum + c.confidence, 0) / group.length,
    };
  });
}

/** Characters grouped into words: at spaces the model read, and at gaps wider than `spaceGap`. */
export function splitWords(chars: readonly DecodedChar[]): DecodedChar[][] {
  const pitch = medianPitch(chars);
  const fixedPitch = monospaced(chars, pitch);
  // Gaps between letters of one word: those the space class gives nothing.
  const gaps = chars.slice(1).flatMap((c) => (c.spaceBefore < blankSpaceEvidence ? [c.gapBefore] : []));
  const typicalGap = gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0;
  const words: DecodedChar[][] = [];
  let current: DecodedChar[] = [];
  let previous: DecodedChar | null = null;
  chars.forEach((char, i) => {
    const space = /\s/.test(char.char) || latinMiddleDot(chars, i);
    // A space the model read inside a number ("72. 00") is dropped, not a word break.
    const spaceInNumber =
      space &&
      insideNumber(
        chars.filter((_, k) => k !== i),
        i,
      );
    const gap = previous ? centre(char) - centre(previous) : 0;
    const blank =
      char.gapBefore >= blankGap &&
      char.gapBefore >= blankGapRatio * typicalGap &&
      char.spaceBefore >= blankSpaceEvidence;
    // The read space's own gap must not split the number either.
    // In fixed-pitch type the space class and the blank are heard only a cell apart (monospaced).
    const heard = (char.spaceBefore >= spaceEvidence || blank) && (!fixedPitch || gap > pitch);
    const boundary = (heard || gap > columnGap * pitch) && !insideNumber(chars, i) && !spaceInNumber;
    if (((space && !spaceInNumber) || boundary) && current.length > 0) {
      words.push(current);
      current = [];
    }
    if (!space) current.push(char);
    previous = char;
  });
  if (current.length > 0) words.push(current);
  return words;
}

/**
 * The model, trained on Chinese, reads some spaces between Latin words as a middle dot
 * (`INTERNATIONAL·SDN`); between Chinese names the dot is real.
 */
function latinMiddleDot(chars: readonly DecodedChar[], i: number): boolean {
  if (chars[i]!.char !== '·') return false;
  const latin = (c: DecodedChar | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c.char);
  return latin(chars[i - 1]) && latin(chars[i + 1]);
}

/**
 * A decimal mark between digits never starts or ends a word ("72. 00", "12 .30"): the mark is
 * narrow, so the blank beside it is wide, and the space class follows the blank there. Hyphens,
 * slashes and colons are left alone: receipts print "35- 1" and "03: 17" as often as not (joining
 * them cost 0.03 of word-F1 on the SROIE receipts and no extracted value).
 */
export function insideNumber(chars: readonly DecodedChar[], i: number): boolean {
  const at = (k: number) => chars[k]?.char ?? '';
  const digit = (k: number) => /^[0-9]$/.test(at(k));
  const mark = (k: number) => at(k) === '.' || at(k) === ',';
  return (digit(i - 1) && mark(i) && digit(i + 1)) || (mark(i - 1) && digit(i - 2) && digit(i));
}

/**
 * A line in fixed-pitch type: most neighbouring characters' centres lie one pitch apart, within
 * half a time step. There a narrow letter or mark leaves a blank beside it, and the space class
 * rises with the blank ("STAT IONERY": 0.12 before the I, "05- Jan": 0.40 before the J), but a
 * word space adds a whole cell: two characters one pitch apart are one word. SROIE receipts,
 * word-F1: 0.873 without this rule, 0.875-0.877 with the share anywhere from 0.6 to 0.9.
 */
export const monospacedShare = 0.7;

function monospaced(chars: readonly DecodedChar[], pitch: number): boolean {
  let regular = 0;
  let all = 0;
  for (let i = 1; i < chars.length; i++) {
    if (/\s/.test(chars[i]!.char) || /\s/.test(chars[i - 1]!.char)) continue;
    all++;
    if (Math.abs(centre(chars[i]!) - centre(chars[i - 1]!) - pitch) <= 0.5) regular++;
  }
  return all >= 6 && regular >= monospacedShare * all;
}

const centre = (c: DecodedChar) => (c.first + c.last + 1) / 2;

/** The line's usual distance between neighbouring characters of one word, in time steps. */
function medianPitch(chars: readonly DecodedChar[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    if (/\s/.test(chars[i]!.char) || /\s/.test(chars[i - 1]!.char)) continue;
    gaps.push(centre(chars[i]!) - centre(chars[i - 1]!));
  }
  if (gaps.length === 0) return 2.5; // one character: a typical Latin pitch at this model's scale
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/** The axis-aligned box of the part of the line's quad from `from` to `to` along its length. */
function segmentBox(line: LineGeometry, from: number, to: number): OcrBox {
  const [tl, tr, br, bl] = line.quad;
  const along = (a: Point, b: Point, f: number): Point => [
    a[0] + (b[0] - a[0]) * f,
    a[1] + (b[1] - a[1]) * f,
  ];
  const corners = [along(tl, tr, from), along(tl, tr, to), along(bl, br, from), along(bl, br, to)];
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
