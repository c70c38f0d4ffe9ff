/**
 * Styled text broken into lines of a width: greedy, at spaces (a word longer than the line is cut
 * between characters), with forced breaks at "\n". Measuring is the caller's (the embedded fonts'
 * advances), so the lines are as wide as they will be drawn.
 */
import type { Run } from './blocks.ts';
import { type FontStyle, styleOf } from './embedded-font.ts';

export type Measure = (style: FontStyle, text: string, size: number) => number;

export interface Piece {
  text: string;
  style: FontStyle;
  width: number;
}

export interface Line {
  pieces: Piece[];
  width: number;
}

export function wrapRuns(runs: readonly Run[], size: number, maxWidth: number, measure: Measure): Line[] {
  const lines: Line[] = [];
  let line: Line = { pieces: [], width: 0 };
  let word: Piece[] = [];
  let space: Piece | null = null;
  const add = (target: Line, piece: Piece) => {
    const last = target.pieces.at(-1);
    if (last && last.style === piece.style) {
      last.text += piece.text;
      last.width += piece.width;
    } else target.pieces.push({ ...piece });
    target.width += piece.width;
  };
  const commit = () => {
    lines.push(line);
    line = { pieces: [], width: 0 };
  };
  const endWord = () => {
    if (word.length === 0) return;
    const width = word.reduce((sum, piece) => sum + piece.width, 0);
    const gap = line.pieces.length > 0 && space ? space.width : 0;
    if (line.pieces.length > 0 && line.width + gap + width > maxWidth) commit();
    else if (gap > 0) add(line, space!);
    if (width > maxWidth) for (const piece of word) cutLong(piece);
    else for (const piece of word) add(line, piece);
    word = [];
    space = null;
  };
  // A word wider than the line: as many characters as fit, then the next line.
  const cutLong = (piece: Piece) => {
    for (const c of piece.text) {
      const width = measure(piece.style, c, size);
      if (line.pieces.length > 0 && line.width + width > maxWidth) commit();
      add(line, { text: c, style: piece.style, width });
    }
  };
  for (const run of runs) {
    const style = styleOf(run.bold, run.italic);
    for (const token of run.text.split(/(\n|[ \t]+)/)) {
      if (token === '') continue;
      if (token === '\n') {
        endWord();
        commit();
      } else if (/^[ \t]+$/.test(token)) {
        endWord();
        if (line.pieces.length > 0) space = { text: ' ', style, width: measure(style, ' ', size) };
      } else {
        // A non-breaking space stays inside its word.
        word.push({ text: token, style, width: measure(style, token, size) });
      }
    }
  }
  endWord();
  if (line.pieces.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

/** The widest a text is on one line, and its longest word: what a table column wants and needs. */
export function naturalWidths(
  runs: readonly Run[],
  size: number,
  measure: Measure,
): { natural: number; least: number } {
  let natural = 0;
  let least = 0;
  let lineWidth = 0;
  for (const run of runs) {
    const style = styleOf(run.bold, run.italic);
    for (const part of run.text.split('\n').entries()) {
      const [k, text] = part;
      if (k > 0) lineWidth = 0;
      lineWidth += measure(style, text, size);
      natural = Math.max(natural, lineWidth);
      for (const word of text.split(/[ \t]+/)) least = Math.max(least, measure(style, word, size));
    }
  }
  return { natural, least };
}
