/**
 * A plain-text table: a header, columns padded to their widest cell, two spaces between. On a
 * terminal (`width` given) the widest column is cut with "…" so that a line never wraps; piped
 * output keeps every character (a script may cut on whitespace, as `jobs list | awk` does).
 */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => string;
  /** Numbers read better aligned on their last digit. */
  align?: 'left' | 'right';
}

export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  width?: number,
): string {
  const cells = [
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((c) => clean(c.cell(row)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  if (width !== undefined) shrinkToFit(widths, width);
  return cells
    .map((line) =>
      line
        .map((text, i) => {
          const fitted = text.length > widths[i]! ? `${text.slice(0, Math.max(0, widths[i]! - 1))}…` : text;
          return columns[i]!.align === 'right' ? fitted.padStart(widths[i]!) : fitted.padEnd(widths[i]!);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Narrow the widest column, again and again, until the line fits (never below 8 characters). */
function shrinkToFit(widths: number[], width: number): void {
  const total = () => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    const excess = total() - width;
    const next = Math.max(8, widths[widest]! - excess);
    if (next === widths[widest]) return;
    widths[widest] = next;
  }
}

/** A cell is one line: a newline or tab in a file name or an error message would break the grid. */
const clean = (text: string) => text.replace(/\s+/g, ' ');

/** A key/value block: `name  value` lines, the names padded (stats, usage totals). */
export function renderPairs(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([name]) => name.length));
  return pairs.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}
