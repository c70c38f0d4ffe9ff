/**
 * Blocks placed on pages: what to draw where, in PDF points (origin bottom-left). Paragraphs flow
 * line by line across pages; a table row moves whole to the next page, where the header row is
 * drawn again; a list item's marker sits on its first line. Sizes follow a plain document style:
 * 10.5 pt body, headings 20 / 16 / 13.5 / 12 / 11 / 10.5 pt bold, lines 1.3 × their size.
 */
import type { Align, Block, Run, TableCell } from './blocks.ts';
import type { FontStyle } from './embedded-font.ts';
import { type Line, type Measure, naturalWidths, wrapRuns } from './wrap.ts';

export type DrawOp =
  | { kind: 'text'; x: number; y: number; text: string; style: FontStyle; size: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number };

export interface PageSetup {
  width: number;
  height: number;
  margin: number;
}

export const pageSizes = { A4: [595.28, 841.89], Letter: [612, 792] } as const;
const bodySize = 10.5;
const headingSizes = [20, 16, 13.5, 12, 11, 10.5];
const leading = 1.3;
/** Liberation Sans' ascent, as a share of the size: where a line's baseline sits below its top. */
const ascent = 0.905;
const cellPadding = 4;
const listIndent = 18;

export function layoutBlocks(blocks: readonly Block[], setup: PageSetup, measure: Measure): DrawOp[][] {
  const pages: DrawOp[][] = [[]];
  // The footer's line (Page N of M) sits in the bottom margin: the body ends at the margin.
  const top = setup.height - setup.margin;
  const bottom = setup.margin;
  let y = top;
  const page = () => pages.at(-1)!;
  const newPage = () => {
    pages.push([]);
    y = top;
  };
  /** Room for `height` more, on this page or a new one (a new page only when this one has something). */
  const ensure = (height: number) => {
    if (y - height < bottom && y < top) newPage();
  };
  const space = (points: number) => {
    if (y < top) y -= points;
  };

  const drawLine = (line: Line, left: number, width: number, size: number, align: Align) => {
    const shift = align === 'right' ? width - line.width : align === 'center' ? (width - line.width) / 2 : 0;
    let x = left + Math.max(0, shift);
    const baseline = y - ascent * size;
    for (const piece of line.pieces) {
      if (piece.text.trim() !== '')
        page().push({ kind: 'text', x, y: baseline, text: piece.text, style: piece.style, size });
      x += piece.width;
    }
  };

  const paragraph = (runs: Run[], left: number, width: number, size: number, align: Align) => {
    for (const line of wrapRuns(runs, size, width, measure)) {
      ensure(size * leading);
      drawLine(line, left, width, size, align);
      y -= size * leading;
    }
  };

  const table = (block: Extract<Block, { kind: 'table' }>, left: number, width: number) => {
    const rows = block.header ? [block.header, ...block.rows] : block.rows;
    const columns = Math.max(0, ...rows.map((row) => row.length));
    if (columns === 0) return;
    const widths = columnWidths(rows, columns, width, measure);
    const wrapped = (row: TableCell[]) =>
      widths.map((w, c) => wrapRuns(row[c]?.runs ?? [], bodySize, w - 2 * cellPadding, measure));
    const drawRow = (row: TableCell[], lines: Line[][]) => {
      const height = Math.max(1, ...lines.map((cell) => cell.length)) * bodySize * leading + 2 * cellPadding;
      const rowTop = y;
      let x = left;
      for (const [c, cellLines] of lines.entries()) {
        y = rowTop - cellPadding;
        for (const line of cellLines) {
          drawLine(line, x + cellPadding, widths[c]! - 2 * cellPadding, bodySize, row[c]?.align ?? 'left');
          y -= bodySize * leading;
        }
        page().push({ kind: 'line', x1: x, y1: rowTop, x2: x, y2: rowTop - height, width: 0.5 });
        x += widths[c]!;
      }
      page().push({ kind: 'line', x1: x, y1: rowTop, x2: x, y2: rowTop - height, width: 0.5 });
      page().push({ kind: 'line', x1: left, y1: rowTop, x2: x, y2: rowTop, width: 0.5 });
      page().push({ kind: 'line', x1: left, y1: rowTop - height, x2: x, y2: rowTop - height, width: 0.5 });
      y = rowTop - height;
      return height;
    };
    const header = block.header ? { cells: block.header, lines: wrapped(block.header) } : null;
    const heightOf = (lines: Line[][]) =>
      Math.max(1, ...lines.map((cell) => cell.length)) * bodySize * leading + 2 * cellPadding;
    if (header) {
      ensure(heightOf(header.lines) + bodySize * leading * 2);
      drawRow(header.cells, header.lines);
    }
    for (const row of block.rows) {
      const lines = wrapped(row);
      if (y - heightOf(lines) < bottom && y < top) {
        newPage();
        if (header) drawRow(header.cells, header.lines);
      }
      drawRow(row, lines);
    }
  };

  const place = (list: readonly Block[], left: number, width: number) => {
    for (const block of list) {
      switch (block.kind) {
        case 'heading': {
          const size = headingSizes[block.level - 1] ?? bodySize;
          space(size * 0.6);
          // A heading is not left alone at a page's foot: room for it and two body lines.
          ensure(size * leading + bodySize * leading * 2);
          paragraph(
            block.runs.map((run) => ({ ...run, bold: true })),
            left,
            width,
            size,
            'left',
          );
          y -= 2;
          break;
        }
        case 'paragraph':
          paragraph(block.runs, left, width, bodySize, block.align);
          y -= 6;
          break;
        case 'list':
          for (const [k, item] of block.items.entries()) {
            ensure(bodySize * leading);
            const marker = block.ordered ? `${block.start + k}.` : '•';
            const markerWidth = measure('regular', marker, bodySize);
            page().push({
              kind: 'text',
              x: left + listIndent - 5 - markerWidth,
              y: y - ascent * bodySize,
              text: marker,
              style: 'regular',
              size: bodySize,
            });
            const before = y;
            place(item, left + listIndent, width - listIndent);
            // A list item's paragraphs sit close: the space after each is the list's, once.
            if (y < before) y += 4;
          }
          y -= 4;
          break;
        case 'table':
          space(4);
          table(block, left, width);
          y -= 10;
          break;
        case 'rule':
          ensure(12);
          y -= 6;
          page().push({ kind: 'line', x1: left, y1: y, x2: left + width, y2: y, width: 0.75 });
          y -= 6;
          break;
        case 'pageBreak':
          if (page().length > 0) newPage();
          break;
      }
    }
  };

  place(blocks, setup.margin, setup.width - 2 * setup.margin);
  if (pages.length > 1 && pages.at(-1)!.length === 0) pages.pop();
  return pages;
}

/** Columns as wide as their text wants, narrowed towards their longest word when the table is too wide. */
function columnWidths(rows: TableCell[][], columns: number, width: number, measure: Measure): number[] {
  const wants = Array.from({ length: columns }, () => ({ natural: 0, least: 0 }));
  for (const row of rows)
    for (const [c, cell] of row.entries()) {
      const { natural, least } = naturalWidths(cell.runs, bodySize, measure);
      wants[c]!.natural = Math.max(wants[c]!.natural, natural + 2 * cellPadding + 1);
      wants[c]!.least = Math.max(wants[c]!.least, Math.min(least, width / columns) + 2 * cellPadding + 1);
    }
  const natural = wants.reduce((sum, want) => sum + want.natural, 0);
  // Room to spare: the table spans the width, each column widened in proportion to its text.
  if (natural <= width) return wants.map((want) => (want.natural * width) / natural);
  const least = wants.reduce((sum, want) => sum + want.least, 0);
  if (least >= width) return wants.map((want) => (want.least * width) / least);
  const spare = width - least;
  const extra = natural - least;
  return wants.map((want) => want.least + (spare * (want.natural - want.least)) / extra);
}
