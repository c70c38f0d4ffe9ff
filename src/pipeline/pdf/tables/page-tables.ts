/**
 * A page's tables in its line flow: the runs inside a table leave the flow, and the table comes
 * back as one placeholder line (carrying its block) where a reader meets it — before the first
 * line below it that shares its horizontal extent. buildBlocks turns the placeholder into the
 * table block. Pure geometry, no pdfjs.
 */
import type { Block } from '../../types.ts';
import type { Line, TextRun } from '../layout.ts';
import { latticeTables, type Ruling } from './lattice.ts';

export interface TableLine extends Line {
  table: Block;
}

export const isTableLine = (line: Line): line is TableLine => 'table' in line && line.table !== undefined;

export function pageTables(
  runs: readonly TextRun[],
  rulings: readonly Ruling[],
  page: { width: number; height: number },
): { tables: TableLine[]; rest: TextRun[] } {
  if (rulings.length === 0) return { tables: [], rest: [...runs] };
  // A grid as big as the page is its frame (a bleed box, a form's border), not a table in it.
  const found = latticeTables(runs, rulings).filter(({ block: { bbox } }) => {
    const [x0, y0, x1, y1] = bbox!;
    return x1 - x0 < 0.9 * page.width || y1 - y0 < 0.9 * page.height;
  });
  if (found.length === 0) return { tables: [], rest: [...runs] };
  const used = new Set<TextRun>();
  const tables = found.map(({ block, runs: inside }) => {
    for (const run of inside) used.add(run);
    const sizes = [...inside].map((r) => r.size).sort((a, b) => a - b);
    const size = sizes[Math.floor(sizes.length / 2)] ?? 0;
    const [x0, top, x1, bottom] = block.bbox!;
    // Segments stay empty: the table's text is in its cells, and stream detection must not re-read it.
    return { text: block.text, x0, x1, top, bottom, y: bottom, size, segments: [], table: block };
  });
  return { tables, rest: runs.filter((r) => !used.has(r)) };
}

/** The lines with each table placed before the first line below it that overlaps it horizontally. */
export function withTables(lines: readonly Line[], tables: readonly TableLine[]): Line[] {
  const out = [...lines];
  for (const table of tables) {
    const at = out.findIndex(
      (l) => !isTableLine(l) && l.top >= table.bottom - 1 && l.x0 < table.x1 && l.x1 > table.x0,
    );
    if (at < 0) out.push(table);
    else out.splice(at, 0, table);
  }
  return out;
}
