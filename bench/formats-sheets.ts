/**
 * Spreadsheets: docjobs's sheet readers vs LibreOffice's `soffice --headless --convert-to csv` on
 * generated workbooks (exceljs writes the XLSX and the CSV; soffice converts the XLSX to ODS and
 * XLS), in a temp dir that is removed after. Scores each side's first sheet against the values the
 * generator wrote, as the cell shows them (number formats, dates, percentages, booleans); for
 * docjobs also the typed values (JSON numbers, ISO dates) over every sheet. Times: docjobs's parse
 * in this process (median of 3) vs one soffice run per file (what a user would script).
 *
 *   node bench/formats-sheets.ts [--rows 30000]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { csvRows } from '../src/pipeline/formats/sheets/csv.ts';
import { parseSheets } from '../src/pipeline/formats/sheets/parse-sheets.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';
import { fixed, machine, makeTempDir, median, positiveInt, printTable } from './lib.ts';

const rowsArg = process.argv.indexOf('--rows');
const largeRows = rowsArg > 0 ? positiveInt('--rows', process.argv[rowsArg + 1] ?? '') : 30_000;

type Typed = string | number | boolean | Date;
interface Expected {
  shown: string[][][]; // sheet → row → col
  typed: Typed[][][];
}

const words = ['invoice', 'north', 'Zürich', 'paid', 'pending', 'Acme; Ltd', 'line "two"', 'café'];
const formats = ['@', '0', '#,##0.00', '0.0%', 'yyyy-mm-dd', '@'];

function rowOf(i: number, sheet: number): { typed: Typed[]; shown: string[] } {
  const n = (i * 7919 + sheet * 104729) % 100_000;
  const text = `${words[n % words.length]} ${i}`;
  const amount = Math.round(n * 13.37) / 100;
  const share = (n % 1000) / 1000;
  const date = new Date(Date.UTC(2020 + (n % 5), n % 12, 1 + (n % 28)));
  const typed: Typed[] = [text, n, amount, share, date, n % 2 === 0];
  const shown = [
    text,
    String(n),
    amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    `${(share * 100).toFixed(1)}%`,
    date.toISOString().slice(0, 10),
    n % 2 === 0 ? 'TRUE' : 'FALSE',
  ];
  return { typed, shown };
}

async function writeWorkbook(path: string, sheets: number, rows: number): Promise<Expected> {
  const wb = new ExcelJS.Workbook();
  const expected: Expected = { shown: [], typed: [] };
  for (let s = 0; s < sheets; s++) {
    const ws = wb.addWorksheet(`Sheet ${s + 1}`);
    formats.forEach((f, c) => {
      if (f !== '@') ws.getColumn(c + 1).numFmt = f;
    });
    const shown: string[][] = [];
    const typed: Typed[][] = [];
    for (let i = 0; i < rows; i++) {
      const row = rowOf(i, s);
      ws.addRow(row.typed);
      shown.push(row.shown);
      typed.push(row.typed);
    }
    expected.shown.push(shown);
    expected.typed.push(typed);
  }
  await wb.xlsx.writeFile(path);
  return expected;
}

function writeCsv(path: string, expected: Expected): void {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  writeFileSync(path, `${expected.shown[0]!.map((r) => r.map(quote).join(',')).join('\n')}\n`);
}

function accuracy(
  got: (s: number, r: number, c: number) => string | undefined,
  expected: Expected,
  sheets: number,
) {
  let right = 0;
  let total = 0;
  for (let s = 0; s < sheets; s++) {
    expected.shown[s]!.forEach((row, r) => {
      row.forEach((want, c) => {
        total++;
        if ((got(s, r, c) ?? '').trim() === want) right++;
      });
    });
  }
  return right / total;
}

function typedAccuracy(doc: ParsedDocument, expected: Expected): number {
  let right = 0;
  let total = 0;
  expected.typed.forEach((sheet, s) => {
    const table = doc.pages[s]?.blocks.find((b) => b.type === 'table');
    const byPlace = new Map(table?.cells?.map((c) => [`${c.row}:${c.col}`, c.value]));
    sheet.forEach((row, r) => {
      row.forEach((want, c) => {
        total++;
        const got = byPlace.get(`${r}:${c}`);
        const ok =
          want instanceof Date
            ? got === want.toISOString().slice(0, 10)
            : typeof want === 'number'
              ? typeof got === 'number' && Math.abs(got - want) < 1e-9
              : got === want;
        if (ok) right++;
      });
    });
  });
  return right / total;
}

function soffice(file: string, outDir: string, to: string): { ms: number; out: string | null } {
  const started = performance.now();
  try {
    execFileSync('soffice', ['--headless', '--convert-to', to, '--outdir', outDir, file], {
      stdio: 'ignore',
      timeout: 600_000,
    });
  } catch {
    return { ms: performance.now() - started, out: null };
  }
  const out = join(
    outDir,
    `${file
      .split('/')
      .pop()!
      .replace(/\.[^.]+$/, '')}.${to.split(':')[0]}`,
  );
  return { ms: performance.now() - started, out: existsSync(out) ? out : null };
}

const tmp = makeTempDir('formats-sheets');
try {
  const files: {
    name: string;
    path: string;
    kind: 'xlsx' | 'ods' | 'csv' | 'xls';
    expected: Expected;
    sheets: number;
  }[] = [];
  for (const [name, sheets, rows] of [
    ['small', 3, 300],
    ['large', 1, largeRows],
  ] as const) {
    const path = join(tmp.path, `${name}.xlsx`);
    const expected = await writeWorkbook(path, sheets, rows);
    files.push({ name: `${name}.xlsx`, path, kind: 'xlsx', expected, sheets });
    const csv = join(tmp.path, `${name}-csv.csv`);
    writeCsv(csv, expected);
    files.push({ name: `${name}.csv`, path: csv, kind: 'csv', expected, sheets: 1 });
    for (const to of ['ods', 'xls'] as const) {
      const converted = soffice(path, join(tmp.path, to), to).out;
      if (converted) files.push({ name: `${name}.${to}`, path: converted, kind: to, expected, sheets });
    }
  }

  const rows: string[][] = [];
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f.path));
    const cells = f.expected.shown.slice(0, f.sheets).reduce((n, s) => n + s.length * 6, 0);
    let docMs = '—';
    let docAcc = 'refused';
    let docTyped = '—';
    let ratio = '—';
    const peer = soffice(f.path, join(tmp.path, `peer-${f.kind}`), 'csv');
    const peerCells = peer.out ? [...csvRows(readFileSync(peer.out, 'utf8'), ',')] : [];
    const peerAcc = peer.out ? accuracy((_s, r, c) => peerCells[r]?.[c], f.expected, 1) : 0;
    if (f.kind !== 'xls') {
      const times: number[] = [];
      let doc!: ParsedDocument;
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        doc = parseSheets(bytes, f.kind);
        times.push(performance.now() - t);
      }
      const ms = median(times);
      const grid = (s: number) => doc.pages[s]?.blocks.find((b) => b.type === 'table')?.rows;
      // CSV pages are cuts of one table: glue them back to compare rows.
      const csvGrid = f.kind === 'csv' ? doc.pages.flatMap((_, s) => grid(s) ?? []) : null;
      docAcc = fixed(
        accuracy((s, r, c) => (csvGrid ? csvGrid[r]?.[c] : grid(s)?.[r]?.[c]), f.expected, 1),
        4,
      );
      docTyped = f.kind === 'csv' ? '—' : fixed(typedAccuracy(doc, f.expected), 4);
      docMs = fixed(ms, 0);
      ratio = `${fixed(peer.ms / ms, 1)}×`;
    }
    rows.push([
      f.name,
      fixed(bytes.length / 1024, 0),
      fixed(cells),
      docMs,
      fixed(peer.ms, 0),
      ratio,
      docAcc,
      docTyped,
      fixed(peerAcc, 4),
    ]);
  }
  console.log(`Spreadsheets, generated (large = ${largeRows} rows × 6 cols); ${machine()}`);
  printTable(
    [
      'file',
      'KiB',
      'cells',
      'docjobs ms',
      'soffice ms',
      'soffice/docjobs',
      'docjobs shown acc',
      'docjobs typed acc',
      'soffice csv acc',
    ],
    rows,
  );
  console.log('accuracy: first sheet, cell text as shown vs the generator; typed: JSON values, all sheets');
} finally {
  tmp.remove();
}
