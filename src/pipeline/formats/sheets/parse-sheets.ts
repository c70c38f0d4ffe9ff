/** Entry from the parse worker (parse-worker.ts) for the spreadsheet kinds. */
import type { ParsedDocument } from '../../types.ts';
import { parseCsv } from './csv.ts';
import { parseOds } from './ods.ts';
import { parseXlsx } from './xlsx.ts';

export function parseSheets(bytes: Uint8Array, kind: 'xlsx' | 'ods' | 'csv'): ParsedDocument {
  switch (kind) {
    case 'xlsx':
      return parseXlsx(bytes);
    case 'ods':
      return parseOds(bytes);
    case 'csv':
      return parseCsv(bytes);
  }
}
