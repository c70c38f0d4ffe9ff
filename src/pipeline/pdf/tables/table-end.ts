/**
 * Where a ruled table ends before its last rule (lattice.ts): rules that join it may reach far
 * below its rows — a page-wide box around the footer, stacked under zebra-striped rows, makes one
 * group with them — and everything between would become the last row's cells (an invoice's
 * totals, payment notes and closing line inside the last item's description). A table's rows
 * follow each other at a steady pitch; a long blank stretch with no rule across it is where the
 * table stopped and the page went on. Pure geometry.
 */
import type { TextRun } from '../layout.ts';
import type { H, V } from './ruling-groups.ts';
import type { TextLine } from './table-lines.ts';

/**
 * A blank stretch between two lines' text longer than this many of the table's line pitches
 * (baseline to baseline) ends the table. Rows apart by a blank row or a section break stay within
 * 2–3 pitches; the coolblue invoices' totals sit some 15 pitches below the last item. Lines with a
 * rule of the table between them are never cut apart: a ruled row may be as tall as it likes.
 */
const GAP_PITCHES = 4;

/**
 * The y at which the table stops, or null when its lines run on to its last rule. `ruleYs`: the
 * y of the table's horizontal rules. Only the lines above the first such gap are the table's:
 * a table is read from its top (its header) down.
 */
export function tableEnd(lines: readonly TextLine[], ruleYs: readonly number[]): number | null {
  if (lines.length < 3) return null;
  const steps = lines.slice(1).map((l, k) => l.y - lines[k]!.y);
  // The lower median: one gap in three lines must not set the pitch itself.
  const sorted = [...steps].sort((a, b) => a - b);
  const pitch = sorted[Math.floor((sorted.length - 1) / 2)]!;
  if (pitch <= 0) return null;
  for (let k = 1; k < lines.length; k++) {
    const above = lines[k - 1]!;
    const below = lines[k]!;
    // The blank between the text, not between baselines: a line of text set sideways (a turned
    // column heading) is tall, its baseline far below its top.
    if (below.top - above.bottom <= GAP_PITCHES * pitch) continue;
    if (ruleYs.some((y) => y > above.y && y < below.y)) continue;
    // Half a pitch under the last line's text: its row's band, not the blank below it.
    return Math.min((above.bottom + below.top) / 2, above.bottom + pitch / 2);
  }
  return null;
}

/** The table's rules and runs above `end`: verticals cut short there, rules and runs below dropped. */
export function clipAt(
  end: number,
  hs: readonly H[],
  vs: readonly V[],
  runs: readonly TextRun[],
): { hs: H[]; vs: V[]; runs: TextRun[] } {
  return {
    hs: hs.filter((h) => h.y < end),
    vs: vs.filter((v) => v.y0 < end).map((v) => ({ ...v, y1: Math.min(v.y1, end) })),
    runs: runs.filter((run) => run.y - 0.3 * run.size < end),
  };
}
