/**
 * A page's runs as text lines for the table finders: grouped by baseline, and each line cut into
 * pieces where a gap is wider than a word space (a cell's edge); and a cell's runs as its text.
 * Pure geometry.
 */
import type { TextRun } from '../layout.ts';
import { joinCellLines } from './cells.ts';

export interface TextLine {
  y: number;
  top: number;
  bottom: number;
  /** Runs merged where they are closer than a cell gap: [x0, x1] pieces. */
  pieces: [number, number][];
}

/** Runs grouped into lines by baseline (within half an em), top to bottom. */
export function runsByBaseline(runs: readonly TextRun[]): TextRun[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const lines: TextRun[][] = [];
  for (const run of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(run.y - line[0]!.y) < 0.5 * Math.max(run.size, line[0]!.size)) line.push(run);
    else lines.push([run]);
  }
  return lines;
}

/** A gap narrower than this (em) between two runs of a line is a word space inside a cell. */
const CELL_GAP_EM = 0.5;

export function textLines(runs: readonly TextRun[]): TextLine[] {
  const lines = runsByBaseline(runs);
  return lines.map((line) => {
    line.sort((a, b) => a.x0 - b.x0);
    const pieces: [number, number][] = [];
    for (const r of line) {
      const last = pieces.at(-1);
      if (last && r.x0 - last[1] < CELL_GAP_EM * em(r)) last[1] = Math.max(last[1], r.x1);
      else pieces.push([r.x0, r.x1]);
    }
    return {
      y: line[0]!.y,
      top: Math.min(...line.map((r) => r.y - 0.8 * r.size)),
      bottom: Math.max(...line.map((r) => r.y + 0.2 * r.size)),
      pieces,
    };
  });
}

/** A run's em across the line: its size, or for text set sideways its width (the glyphs' height). */
const em = (run: TextRun) => (run.sideways ? run.x1 - run.x0 : run.size);

/** Runs → text: lines by baseline, top to bottom, runs left to right; lines joined with a space. */
export function cellText(runs: readonly TextRun[]): string {
  const lines = runsByBaseline(runs);
  return joinCellLines(
    lines.map((line) => {
      line.sort((a, b) => a.x0 - b.x0);
      let text = '';
      let prev: TextRun | null = null;
      for (const run of line) {
        const gap = prev ? run.x0 - prev.x1 : 0;
        // Word spaces are ≥ ~0.2 em (narrower in Hangul and condensed faces); runs of one word meet
        // at ~0: 0.1 em tells them apart (0.15 lost the spaces of the Korean docling table).
        const apart = gap > 0.1 * run.size || (prev?.word && run.word);
        const space = prev && apart && !/\s$/.test(text) && !/^\s/.test(run.str) ? ' ' : '';
        text += space + run.str;
        prev = run;
      }
      return text.replace(/\s+/g, ' ').trim();
    }),
  );
}
