/**
 * The common end of every sheet reader (XLSX, ODS, CSV): sheets of cells → pages, one per sheet,
 * with the sheet name as a heading and its used range as one table block (cells with spans and
 * typed values; `rows`, the dense grid, for the consumers that read tables that way).
 */
import { pipeTable } from '../../markdown.ts';
import type { Block, CellValueType, FileKind, ParsedDocument, ParsedPage, TableCell } from '../../types.ts';
import { sheetLimits } from './limits.ts';

export interface SheetCell {
  /** 0-based. */
  row: number;
  col: number;
  /** As the cell shows it (number format applied). */
  text: string;
  value?: string | number | boolean;
  valueType?: CellValueType;
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Sheet {
  name: string;
  hidden: boolean;
  cells: SheetCell[];
  merges: CellRange[];
  /** Set by the reader when it stopped early (cell limit, repeated-cell bomb). */
  truncated?: string;
}

/** Counts cells across the sheets of one document, so the limit holds for the whole of it. */
export class CellBudget {
  used = 0;
  readonly limit: number;
  constructor(limit: number = sheetLimits.cells) {
    this.limit = limit;
  }
  /** False once the limit is reached: the reader stops adding cells. */
  take(): boolean {
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }
  get note(): string {
    return `only the first ${this.limit.toLocaleString('en')} non-empty cells of the document were read`;
  }
}

export function sheetDocument(
  sheets: readonly Sheet[],
  meta: {
    kind: FileKind;
    mimeType: string;
    title: string | null;
    author: string | null;
    createdAt?: string | null;
  },
): ParsedDocument {
  const pages = sheets.map((sheet, i) => sheetPage(sheet, i + 1));
  return {
    metadata: {
      pages: pages.length,
      fileType: meta.kind,
      mimeType: meta.mimeType,
      title: meta.title,
      author: meta.author,
      createdAt: meta.createdAt ?? null,
    },
    pages,
    text: pages.map((p) => p.text).join('\n\n'),
    markdown: pages.map((p) => p.markdown).join('\n\n'),
  };
}

function sheetPage(sheet: Sheet, page: number): ParsedPage {
  const heading: Block = { type: 'heading', text: sheet.name, level: 2, bbox: null };
  if (sheet.hidden) heading.hidden = true;
  const blocks: Block[] = sheet.name ? [heading] : [];
  const table = sheetTable(sheet);
  if (table) blocks.push(table);
  const tableMarkdown = table?.rows ? pipeTable(table.rows.map((r) => r.map(oneLine))) : '';
  const markdown = [sheet.name ? `## ${oneLine(sheet.name)}` : '', tableMarkdown]
    .filter(Boolean)
    .join('\n\n');
  const text = [sheet.name, table?.text ?? ''].filter(Boolean).join('\n\n');
  return {
    page,
    width: null,
    height: null,
    text,
    markdown,
    textLayer: true,
    source: 'textLayer',
    blocks,
  };
}

/** The used range as a table block, or null for an empty sheet. */
function sheetTable(sheet: Sheet): Block | null {
  const filled = sheet.cells.filter((c) => c.text !== '');
  if (filled.length === 0) return null;
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  for (const c of filled) {
    top = Math.min(top, c.row);
    left = Math.min(left, c.col);
    bottom = Math.max(bottom, c.row);
    right = Math.max(right, c.col);
  }
  const notes: string[] = sheet.truncated ? [sheet.truncated] : [];
  // The grid is dense: bound its area, cutting columns first (a row of 2 M columns cannot be),
  // then rows, whatever the cells claim.
  let width = right - left + 1;
  if (width > sheetLimits.gridSlots) {
    width = sheetLimits.gridSlots;
    notes.push(`columns past the first ${width.toLocaleString('en')} were left out`);
  }
  let height = bottom - top + 1;
  const maxHeight = Math.max(1, Math.floor(sheetLimits.gridSlots / width));
  if (height > maxHeight) {
    height = maxHeight;
    notes.push(`rows past the first ${height.toLocaleString('en')} of the used range were left out`);
  }
  const rows: string[][] = Array.from({ length: height }, () => new Array<string>(width).fill(''));
  const spans = spanIndex(sheet.merges);
  const covered = coveredSlots(sheet.merges, top, left, height, width);
  const cells: TableCell[] = [];
  for (const c of filled) {
    const row = c.row - top;
    const col = c.col - left;
    if (row >= height || col >= width || covered.has(row * width + col)) continue;
    rows[row]![col] = c.text;
    const span = spans.get(`${c.row}:${c.col}`);
    const cell: TableCell = {
      row,
      col,
      rowSpan: span ? Math.min(span.bottom, top + height - 1) - c.row + 1 : 1,
      colSpan: span ? Math.min(span.right, left + width - 1) - c.col + 1 : 1,
      text: c.text,
      bbox: null,
    };
    if (c.value !== undefined) cell.value = c.value;
    if (c.valueType) cell.valueType = c.valueType;
    cells.push(cell);
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  const block: Block = {
    type: 'table',
    text: rows.map((r) => r.join('\t').trimEnd()).join('\n'),
    bbox: null,
    rows,
    cells,
  };
  if (sheet.hidden) block.hidden = true;
  if (notes.length > 0) block.truncated = notes.join('; ');
  return block;
}

function spanIndex(merges: readonly CellRange[]): Map<string, CellRange> {
  return new Map(merges.map((m) => [`${m.top}:${m.left}`, m]));
}

/** Grid slots hidden under a merge (all but its top-left), relative to the table's origin. */
function coveredSlots(
  merges: readonly CellRange[],
  top: number,
  left: number,
  height: number,
  width: number,
): Set<number> {
  const covered = new Set<number>();
  // Overlapping merges (invalid, but nothing stops a file having 100 k of them over the same
  // range) would cost merges × area: past a few grids' worth of work, later merges are ignored.
  let work = 0;
  for (const m of merges) {
    if (work > 4 * sheetLimits.gridSlots) break;
    // Clipped to the grid, so a merge claiming A1:XFD1048576 costs no more than the grid.
    for (let r = Math.max(m.top, top); r <= Math.min(m.bottom, top + height - 1); r++) {
      for (let c = Math.max(m.left, left); c <= Math.min(m.right, left + width - 1); c++) {
        work++;
        if (r !== m.top || c !== m.left) covered.add((r - top) * width + (c - left));
      }
    }
  }
  return covered;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
