/**
 * A table as cells (row, col, spans) → the table block, its markdown (a pipe table for a plain
 * grid, an HTML <table> with rowspan/colspan otherwise) and its CSV rows. Shared by the lattice
 * (ruling lines) and stream (aligned text) detectors. No dependencies: the PDF worker loads it.
 */
import { pipeTable } from '../../markdown.ts';
import type { Block, BoundingBox, TableCell } from '../../types.ts';

/** Cells → a table block; `rows` keeps the old shape: a spanning cell's text sits in its first slot. */
export function tableBlock(cells: TableCell[], headerRows: number, bbox: BoundingBox | null): Block {
  const rows = gridOf(cells);
  return {
    type: 'table',
    text: rows.map((r) => r.join('\t')).join('\n'),
    bbox,
    rows,
    cells,
    headerRows,
  };
}

export function gridOf(cells: readonly TableCell[]): string[][] {
  const height = Math.max(0, ...cells.map((c) => c.row + c.rowSpan));
  const width = Math.max(0, ...cells.map((c) => c.col + c.colSpan));
  const rows = Array.from({ length: height }, () => Array.from({ length: width }, () => ''));
  for (const c of cells) rows[c.row]![c.col] = c.text;
  return rows;
}

const isPlainGrid = (cells: readonly TableCell[]) => cells.every((c) => c.rowSpan === 1 && c.colSpan === 1);

/** The markdown of a table block: pipe table when every cell is 1×1 and there is one header row at most. */
export function tableMarkdown(block: Block): string {
  const cells = block.cells;
  if (!cells || cells.length === 0) return pipeTable((block.rows ?? []).map((r) => r.map(oneLine)));
  if (isPlainGrid(cells) && (block.headerRows ?? 1) <= 1)
    return pipeTable(gridOf(cells).map((r) => r.map(oneLine)));
  return htmlTable(cells, block.headerRows ?? 0);
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line per row and no blank line inside, so markdown keeps it as one HTML block. */
export function htmlTable(cells: readonly TableCell[], headerRows: number): string {
  const height = Math.max(0, ...cells.map((c) => c.row + c.rowSpan));
  const out = ['<table>'];
  for (let r = 0; r < height; r++) {
    const tag = r < headerRows ? 'th' : 'td';
    const row = cells
      .filter((c) => c.row === r)
      .sort((a, b) => a.col - b.col)
      .map((c) => {
        const span =
          (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '') + (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '');
        return `<${tag}${span}>${escapeHtml(oneLine(c.text))}</${tag}>`;
      });
    out.push(`<tr>${row.join('')}</tr>`);
  }
  out.push('</table>');
  return out.join('\n');
}

/**
 * Joins a cell's text lines: a space between lines, except that a word hyphenated at the end of a
 * line is rejoined ("exam-" + "ple" → "example").
 */
export function joinCellLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) {
    const text = line.trim();
    if (text === '') continue;
    if (out === '') out = text;
    else if (/\p{Ll}-$/u.test(out) && /^\p{Ll}/u.test(text)) out = out.slice(0, -1) + text;
    else out += ` ${text}`;
  }
  return out;
}

/**
 * Drops the first and last grid rows and columns while they hold no text of their own: every cell
 * over them is empty or goes on past them (a spanning cell shrinks by one). Rules drawn for looks (a
 * margin column, a double rule) leave such slots. Inner empty columns stay: they may be real (a
 * column whose sideways heading is not in the text flow).
 */
export function pruneEmpty(input: readonly TableCell[]): TableCell[] {
  let cells = input.map((c) => ({ ...c }));
  for (const axis of ['row', 'col'] as const) {
    const span = axis === 'row' ? 'rowSpan' : 'colSpan';
    const drop = (k: number): boolean => {
      const over = cells.filter((c) => c[axis] <= k && k < c[axis] + c[span]);
      if (over.length === 0 || over.some((c) => c[span] === 1 && c.text !== '')) return false;
      if (cells.length === over.filter((c) => c[span] === 1).length) return false;
      cells = cells.filter((c) => !(over.includes(c) && c[span] === 1));
      for (const c of cells) {
        if (over.includes(c)) c[span]--;
        else if (c[axis] > k) c[axis]--;
      }
      return true;
    };
    const end = () => Math.max(0, ...cells.map((c) => c[axis] + c[span])) - 1;
    while (end() > 0 && drop(end())) {}
    while (end() > 0 && drop(0)) {}
    // Inner rows and columns no cell has to itself (every cell over them spans past): structure only.
    for (let k = end() - 1; k > 0; k--) {
      const over = cells.filter((c) => c[axis] <= k && k < c[axis] + c[span]);
      if (over.length > 0 && over.every((c) => c[span] > 1)) drop(k);
    }
  }
  return cells;
}
