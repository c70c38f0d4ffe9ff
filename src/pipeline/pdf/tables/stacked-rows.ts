/**
 * Rows stacked inside one ruled band (lattice.ts): zebra stripes or row boxes drawn around a group
 * of records (an invoice item with its sub-items and levies, each with its own quantity) would make
 * the group one row, its quantities and amounts piled in one cell each. A number does not wrap onto
 * a second line of its cell the way words do, so a column holding a number on two lines of a band
 * holds two rows' values: the band is cut above the second — where such bands are the exception in
 * the table. Pure geometry and text.
 */
import type { TextRun } from '../layout.ts';
import { runsByBaseline } from './table-lines.ts';

/** A value without letters: a count, an amount, a percentage, a date in digits. */
const NUMBER = /^[^\p{L}]*\p{N}[^\p{L}]*$/u;

/**
 * The y between lines where a ruled band holds more than one row, by the rule above. `ys`: the
 * ruled row edges, top to bottom; `xs`: the column edges.
 */
export function stackedRowEdges(
  runs: readonly TextRun[],
  ys: readonly number[],
  xs: readonly number[],
): number[] {
  const lines = runsByBaseline(runs).map((line) => ({
    y: line[0]!.y,
    top: Math.min(...line.map((r) => r.y - 0.8 * r.size)),
    bottom: Math.max(...line.map((r) => r.y + 0.2 * r.size)),
    numbers: numberColumns(line, xs),
  }));
  const cuts: number[][] = [];
  for (let k = 1; k < ys.length; k++) {
    const band = lines.filter((l) => l.y > ys[k - 1]! && l.y <= ys[k]!);
    if (band.length === 0) continue;
    const cut: number[] = [];
    let seen = new Set<number>(band[0]!.numbers);
    for (let i = 1; i < band.length; i++) {
      const line = band[i]!;
      if (line.numbers.some((c) => seen.has(c))) {
        cut.push((band[i - 1]!.bottom + line.top) / 2);
        seen = new Set();
      }
      for (const c of line.numbers) seen.add(c);
    }
    cuts.push(cut);
  }
  // Where most bands stack their numbers, two values per cell is the table's design (a pair of
  // scores per cell, one per method: the docling 2305.03393 page); records grouped by the rules
  // are the exception among rows of one record each.
  const stacked = cuts.filter((cut) => cut.length > 0).length;
  return stacked * 2 < cuts.length ? cuts.flat() : [];
}

/** The columns in which a line's text is a number alone. */
function numberColumns(line: readonly TextRun[], xs: readonly number[]): number[] {
  const texts = new Map<number, string>();
  for (const run of line) {
    const cx = (run.x0 + run.x1) / 2;
    const c = xs.findIndex((x) => x > cx) - 1;
    if (c >= 0) texts.set(c, `${texts.get(c) ?? ''} ${run.str}`);
  }
  return [...texts].filter(([, text]) => NUMBER.test(text.trim())).map(([c]) => c);
}
