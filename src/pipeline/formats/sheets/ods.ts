/**
 * ODS (OpenDocument spreadsheet): content.xml scanned a slice at a time. Rows and cells carry
 * repeat counts (`number-rows-repeated`, `number-columns-repeated`): LibreOffice writes a
 * 1 048 576-row tail of empty rows in every sheet, and a hostile file may repeat a filled cell a
 * billion times. Empty repeats only move the position; filled ones are written out one by one
 * against the document's cell budget, so neither costs more than the cells actually kept.
 */
import { permanent } from '../../../core/errors.ts';
import type { ParsedDocument } from '../../types.ts';
import { checkZipSizes, readZipEntry } from '../../zip.ts';
import { sheetLimits } from './limits.ts';
import { CellBudget, type Sheet, type SheetCell, sheetDocument } from './sheet-document.ts';
import { isoDate, xlsxLimits } from './xlsx.ts';
import { attr, scanXmlBytes } from './xml-scan.ts';

export const odsMime = 'application/vnd.oasis.opendocument.spreadsheet';

type PendingCell = Omit<SheetCell, 'row' | 'col'> & { repeat: number; rowSpan: number; colSpan: number };

export function parseOds(bytes: Uint8Array): ParsedDocument {
  checkZipSizes(bytes, xlsxLimits);
  const content = readZipEntry(bytes, 'content.xml');
  if (!content) throw permanent('PARSE_ERROR', 'the ODS has no content.xml');
  const budget = new CellBudget();
  const hiddenStyles = new Set<string>();
  const sheets: Sheet[] = [];
  let sheet: Sheet | null = null;
  let styleName: string | null = null;
  let row = 0;
  let rowRepeat = 1;
  let rowCells: (PendingCell | { repeat: number; empty: true })[] = [];
  let cell: PendingCell | null = null;
  let paragraphs: string[] | null = null;
  let skipDepth = 0; // inside an annotation (a comment): not the cell's text
  let stopped = false;

  for (const token of scanXmlBytes(content, '</table:table-row>')) {
    if ('text' in token) {
      if (paragraphs && skipDepth === 0 && paragraphs.length > 0)
        paragraphs[paragraphs.length - 1] += token.text;
      continue;
    }
    const { name, attrs, closing, selfClosing } = token.tag;
    const opening = !closing;
    if (name === 'office:annotation') {
      if (opening && !selfClosing) skipDepth++;
      else if (closing) skipDepth = Math.max(0, skipDepth - 1);
    } else if (name === 'style:style' && opening) {
      styleName = attr(attrs, 'style:name');
    } else if (
      name === 'style:table-properties' &&
      opening &&
      attr(attrs, 'table:display') === 'false' &&
      styleName
    ) {
      hiddenStyles.add(styleName);
    } else if (name === 'table:table') {
      if (opening) {
        if (sheets.length >= sheetLimits.sheets)
          throw permanent('PARSE_ERROR', `the workbook has more than ${sheetLimits.sheets} sheets`);
        const style = attr(attrs, 'table:style-name');
        sheet = {
          name: attr(attrs, 'table:name') ?? '',
          hidden: style !== null && hiddenStyles.has(style),
          cells: [],
          merges: [],
        };
        sheets.push(sheet);
        row = 0;
      } else sheet = null;
    } else if (name === 'table:table-row' && sheet) {
      if (opening) {
        rowRepeat = repeatOf(attr(attrs, 'table:number-rows-repeated'));
        rowCells = [];
      }
      if (closing || selfClosing) {
        if (!stopped) stopped = !writeRow(sheet, row, rowRepeat, rowCells, budget);
        row += rowRepeat;
      }
    } else if ((name === 'table:table-cell' || name === 'table:covered-table-cell') && sheet) {
      if (opening) {
        cell = {
          text: '',
          repeat: repeatOf(attr(attrs, 'table:number-columns-repeated')),
          rowSpan: repeatOf(attr(attrs, 'table:number-rows-spanned')),
          colSpan: repeatOf(attr(attrs, 'table:number-columns-spanned')),
          ...typedValue(attrs),
        };
        paragraphs = [];
      }
      if ((closing || selfClosing) && cell) {
        if (paragraphs && paragraphs.length > 0) cell.text = paragraphs.join('\n');
        else if (cell.value !== undefined) cell.text = String(cell.value);
        if (cell.valueType === undefined && cell.text !== '')
          Object.assign(cell, { value: cell.text, valueType: 'string' });
        rowCells.push(
          name === 'table:covered-table-cell' || cell.text === ''
            ? { repeat: cell.repeat, empty: true }
            : cell,
        );
        cell = null;
        paragraphs = null;
      }
    } else if (name === 'text:p' && opening && paragraphs && skipDepth === 0) {
      paragraphs.push('');
    } else if (paragraphs && skipDepth === 0 && paragraphs.length > 0 && opening) {
      const last = paragraphs.length - 1;
      if (name === 'text:s') paragraphs[last] += ' '.repeat(Math.min(repeatOf(attr(attrs, 'text:c')), 1000));
      else if (name === 'text:tab') paragraphs[last] += '\t';
      else if (name === 'text:line-break') paragraphs[last] += '\n';
    }
  }
  if (sheets.length === 0) throw permanent('PARSE_ERROR', 'the spreadsheet has no table');
  return sheetDocument(sheets, { kind: 'ods', mimeType: odsMime, title: null, author: null });
}

/** Writes a row (and its repeats) into the sheet; false once the cell budget is spent. */
function writeRow(
  sheet: Sheet,
  row: number,
  rowRepeat: number,
  cells: readonly (PendingCell | { repeat: number; empty: true })[],
  budget: CellBudget,
): boolean {
  if (!cells.some((c) => !('empty' in c))) return true; // an empty row, however often repeated
  for (let r = 0; r < rowRepeat; r++) {
    let col = 0;
    for (const c of cells) {
      if ('empty' in c) {
        col += c.repeat;
        continue;
      }
      for (let k = 0; k < c.repeat; k++, col++) {
        if (!budget.take()) {
          sheet.truncated = budget.note;
          return false;
        }
        const { repeat: _repeat, rowSpan, colSpan, ...shown } = c;
        sheet.cells.push({ row: row + r, col, ...shown });
        if (rowSpan > 1 || colSpan > 1) {
          sheet.merges.push({
            top: row + r,
            left: col,
            bottom: row + r + rowSpan - 1,
            right: col + colSpan - 1,
          });
        }
      }
    }
  }
  return true;
}

/** A repeat or span count: 1 when absent or nonsense. Large values are legal (and bounded by the caller). */
function repeatOf(value: string | null): number {
  const n = value === null ? 1 : Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}

function typedValue(attrs: string): Pick<SheetCell, 'value' | 'valueType'> {
  const type = attr(attrs, 'office:value-type');
  switch (type) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const n = Number(attr(attrs, 'office:value'));
      return Number.isFinite(n) ? { value: n, valueType: 'number' } : {};
    }
    case 'date': {
      const raw = attr(attrs, 'office:date-value') ?? '';
      // ODS dates have no zone; read them as UTC so the calendar day is kept.
      const date = new Date(/Z|[+-]\d\d:\d\d$/.test(raw) || raw.length <= 10 ? raw : `${raw}Z`);
      return Number.isNaN(date.getTime()) ? {} : { value: isoDate(date), valueType: 'date' };
    }
    case 'boolean':
      return { value: attr(attrs, 'office:boolean-value') === 'true', valueType: 'boolean' };
    case 'time':
    case 'string':
      return {};
  }
  return {};
}
