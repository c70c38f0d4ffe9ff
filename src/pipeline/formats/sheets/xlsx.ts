/**
 * XLSX (SpreadsheetML) read straight from the zip: each sheet part is inflated (no further than
 * its checked size) and scanned a slice at a time, so memory follows the cells read, not the
 * file. exceljs's streaming reader was the other way; it neither caps shared strings nor keeps
 * merges and sheet states in streaming mode, and the format needed here is small.
 */
import { permanent } from '../../../core/errors.ts';
import { coreProperties } from '../../docx.ts';
import type { ParsedDocument } from '../../types.ts';
import { checkZipSizes, type ZipLimits } from '../../zip.ts';
import { sheetLimits } from './limits.ts';
import { formatNumber, general, isDateFormat, serialToDate } from './number-format.ts';
import { CellBudget, type CellRange, type Sheet, type SheetCell, sheetDocument } from './sheet-document.ts';
import { readPart, sharedStrings, styleFormats, workbookSheets } from './xlsx-parts.ts';
import { attr, scanXmlBytes } from './xml-scan.ts';

export const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What an XLSX may inflate to: sheets are scanned in slices, so a part may be larger than a DOCX's. */
export const xlsxLimits: ZipLimits = {
  entries: 10_000,
  totalBytes: 1024 * 2 ** 20,
  partBytes: sheetLimits.partBytes,
  parsedPart: /\.(xml|rels)$/i,
};

export function parseXlsx(bytes: Uint8Array): ParsedDocument {
  checkZipSizes(bytes, xlsxLimits);
  const { sheets: entries, date1904 } = workbookSheets(bytes);
  if (entries.length === 0) throw permanent('PARSE_ERROR', 'the workbook has no worksheet');
  const strings = sharedStrings(bytes);
  const formats = styleFormats(bytes);
  const budget = new CellBudget();
  const sheets = entries.map((entry): Sheet => {
    const sheet: Sheet = { name: entry.name, hidden: entry.hidden, cells: [], merges: [] };
    const part = readPart(bytes, entry.part);
    if (part) readSheet(part, sheet, { strings, formats, date1904, budget });
    return sheet;
  });
  const core = coreProperties(bytes);
  return sheetDocument(sheets, { kind: 'xlsx', mimeType: xlsxMime, ...core });
}

interface SheetContext {
  strings: readonly string[];
  formats: readonly string[];
  date1904: boolean;
  budget: CellBudget;
}

function readSheet(part: Uint8Array, sheet: Sheet, ctx: SheetContext): void {
  let row = -1;
  let col = -1;
  let cell: { type: string; style: number; value: string | null; inline: string | null } | null = null;
  let capture: 'v' | 't' | null = null;
  let inInline = false;
  let inPhonetic = false;
  for (const token of scanXmlBytes(part, '</row>')) {
    if ('text' in token) {
      if (!cell || !capture || inPhonetic) continue;
      if (capture === 'v') cell.value = (cell.value ?? '') + token.text;
      else cell.inline = (cell.inline ?? '') + token.text;
      continue;
    }
    const { name, attrs, closing, selfClosing } = token.tag;
    if (name === 'row' && !closing) {
      const r = Number(attr(attrs, 'r'));
      row = Number.isInteger(r) && r > 0 ? r - 1 : row + 1;
      col = -1;
    } else if (name === 'c') {
      if (!closing) {
        const ref = attr(attrs, 'r');
        const at = ref ? cellRef(ref) : null;
        col = at ? at.col : col + 1;
        if (at) row = at.row;
        cell = {
          type: attr(attrs, 't') ?? 'n',
          style: Number(attr(attrs, 's') ?? 0),
          value: null,
          inline: null,
        };
      }
      if ((closing || selfClosing) && cell) {
        const read = cellValue(cell, ctx);
        cell = null;
        if (!read) continue;
        if (!ctx.budget.take()) {
          sheet.truncated = ctx.budget.note;
          return;
        }
        sheet.cells.push({ row, col, ...read });
      }
    } else if (name === 'v') capture = closing || selfClosing ? null : 'v';
    else if (name === 'is') inInline = !closing && !selfClosing;
    else if (name === 't' && inInline) capture = closing || selfClosing ? null : 't';
    else if (name === 'rPh') inPhonetic = !closing && !selfClosing;
    else if (name === 'mergeCell' && !closing) {
      const range = rangeRef(attr(attrs, 'ref') ?? '');
      if (range) sheet.merges.push(range);
    }
  }
}

function cellValue(
  cell: { type: string; style: number; value: string | null; inline: string | null },
  ctx: SheetContext,
): Omit<SheetCell, 'row' | 'col'> | null {
  const raw = cell.value;
  switch (cell.type) {
    case 's': {
      const text = ctx.strings[Number(raw)];
      return text ? { text, value: text, valueType: 'string' } : null;
    }
    case 'inlineStr':
    case 'str': {
      const text = cell.inline ?? raw ?? '';
      return text ? { text, value: text, valueType: 'string' } : null;
    }
    case 'b':
      return raw === null
        ? null
        : { text: raw === '1' ? 'TRUE' : 'FALSE', value: raw === '1', valueType: 'boolean' };
    case 'e':
      return raw ? { text: raw, value: raw, valueType: 'error' } : null;
    case 'd': {
      const date = raw ? new Date(raw) : null;
      return date && !Number.isNaN(date.getTime())
        ? { text: raw!, value: isoDate(date), valueType: 'date' }
        : null;
    }
  }
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n)) return { text: raw, value: raw, valueType: 'string' };
  const format = ctx.formats[cell.style] ?? 'General';
  if (isDateFormat(format)) {
    return {
      text: formatNumber(n, format, ctx.date1904),
      value: isoDate(serialToDate(n, ctx.date1904)),
      valueType: 'date',
    };
  }
  let text: string;
  try {
    text = formatNumber(n, format, ctx.date1904);
  } catch {
    text = general(n); // a format code we cannot follow: show the number plainly
  }
  return { text, value: n, valueType: 'number' };
}

/** A date alone when it has no time of day, else the full ISO instant (UTC, as sheets have no zone). */
export function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** `B3` → { row: 2, col: 1 }. */
export function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

function rangeRef(ref: string): CellRange | null {
  const [a, b] = ref.split(':');
  const from = a ? cellRef(a) : null;
  const to = b ? cellRef(b) : from;
  if (!from || !to) return null;
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}
