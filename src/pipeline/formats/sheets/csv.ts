/**
 * CSV and TSV: encoding (BOM, else UTF-8, else Windows-1252 as spreadsheet exports often are),
 * the delimiter guessed from the first lines, RFC 4180 quotes (delimiters and line breaks inside
 * quotes). One table; a long file is cut into pages of `csvRowsPerPage` rows so page ranges,
 * chunking and splitting work on it as on any document.
 */
import { permanent } from '../../../core/errors.ts';
import type { ParsedDocument } from '../../types.ts';
import { sheetLimits } from './limits.ts';
import { CellBudget, type Sheet, sheetDocument } from './sheet-document.ts';

export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const candidates = [',', ';', '\t', '|'];

/** The candidate that splits the first lines into the same number (> 1) of fields most often. */
export function guessDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  let best = ',';
  let bestScore = 0;
  for (const delimiter of candidates) {
    const counts: number[] = [];
    for (const row of csvRows(sample, delimiter)) {
      counts.push(row.length);
      if (counts.length >= 20) break;
    }
    if (counts.length > 1 && !sample.endsWith('\n')) counts.pop(); // the last line may be cut
    const tally = new Map<number, number>();
    for (const n of counts) if (n > 1) tally.set(n, (tally.get(n) ?? 0) + 1);
    for (const [fields, times] of tally) {
      const score = times * 1000 + fields;
      if (score > bestScore) {
        bestScore = score;
        best = delimiter;
      }
    }
  }
  return best;
}

/** Rows of fields, quotes handled; a blank line is a row of one empty field. */
export function* csvRows(text: string, delimiter: string): Generator<string[]> {
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // A quoted field: up to the closing quote, "" standing for one quote.
      i++;
      let start = i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(start);
          i = n;
          break;
        }
        field += text.slice(start, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
          start = i;
        } else {
          i = q + 1;
          break;
        }
      }
      continue;
    }
    if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      yield row;
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    yield row;
  }
}

export function parseCsv(bytes: Uint8Array): ParsedDocument {
  const text = decodeCsv(bytes);
  if (text.includes('\u0000')) throw permanent('PARSE_ERROR', 'the file is not delimited text');
  const delimiter = guessDelimiter(text);
  const budget = new CellBudget();
  const sheets: Sheet[] = [];
  let page: Sheet | null = null;
  let rowInPage = 0;
  rows: for (const fields of csvRows(text, delimiter)) {
    if (!page || rowInPage === sheetLimits.csvRowsPerPage) {
      page = { name: '', hidden: false, cells: [], merges: [] };
      sheets.push(page);
      rowInPage = 0;
    }
    for (let col = 0; col < fields.length; col++) {
      const value = fields[col]!;
      if (value === '') continue;
      if (!budget.take()) {
        page.truncated = budget.note;
        break rows;
      }
      const number = /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : null;
      page.cells.push({
        row: rowInPage,
        col,
        text: value,
        value: number ?? value,
        valueType: number === null ? 'string' : 'number',
      });
    }
    rowInPage++;
  }
  const doc = sheetDocument(
    sheets.length > 0 ? sheets : [{ name: '', hidden: false, cells: [], merges: [] }],
    {
      kind: 'csv',
      mimeType: delimiter === '\t' ? 'text/tab-separated-values' : 'text/csv',
      title: null,
      author: null,
    },
  );
  // Each page's rows go on from the previous page's: the same table, cut for size.
  for (const p of doc.pages.slice(1)) for (const b of p.blocks) if (b.type === 'table') b.continued = true;
  return doc;
}
