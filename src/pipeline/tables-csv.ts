/**
 * Every table of a parsed document as CSV (RFC 4180 lines, core/csv.ts): one section per table in
 * page order, sections separated by an empty line. A cell spanning rows or columns has its text in
 * its first slot and empty fields in the others, as a spreadsheet shows a merged cell.
 */
import { csvLine } from '../core/csv.ts';
import { gridOf } from './pdf/tables/cells.ts';
import type { ParsedDocument } from './types.ts';

export function tablesCsv(doc: Pick<ParsedDocument, 'pages'>): string {
  const sections: string[] = [];
  for (const page of doc.pages) {
    for (const block of page.blocks) {
      if (block.type !== 'table') continue;
      const rows = block.cells && block.cells.length > 0 ? gridOf(block.cells) : (block.rows ?? []);
      if (rows.length > 0) sections.push(rows.map((row) => csvLine(row)).join(''));
    }
  }
  return sections.join('\r\n');
}
