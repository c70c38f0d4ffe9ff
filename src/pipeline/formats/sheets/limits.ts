/**
 * How much of a workbook is read. A result holds every cell four times (cells, rows, text,
 * markdown) and crosses threads by structured clone: 1 M cells came to ~600 MB of heap at peak in
 * the parse worker (cap 1024 MB, parse-pool.ts), so 1 M non-empty cells is the most one document
 * gives; past it, tables are cut and say so (Block.truncated).
 */
export const sheetLimits = {
  /** Non-empty cells read over the whole document. */
  cells: 1_000_000,
  /** Slots of a table's dense grid (`rows`): a sparse sheet with A1 and XFD1048576 set is 17 G. */
  gridSlots: 2_000_000,
  /** Sheet XML / content.xml parts (inflated), parsed as text one at a time. */
  partBytes: 256 * 2 ** 20,
  /** The shared-strings table: it is held whole while the sheets are read. */
  sharedStrings: 2_000_000,
  sharedStringsBytes: 128 * 2 ** 20,
  /** Sheets in one workbook. */
  sheets: 1_000,
  /** CSV rows on one page: a large CSV is cut into pages so chunking and page ranges apply. */
  csvRowsPerPage: 5_000,
} as const;
