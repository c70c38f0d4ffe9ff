/**
 * Table cells against the docling ground truth (../shared/corpus/docling_pdf_groundtruth): every
 * `table` of the ground-truth JSON (document_index, a table of contents, is left out) against the
 * tables docjobs finds on the same page. A cell counts when a found cell has the same row, column,
 * row span, column span and text (NFKC, whitespace collapsed). Each ground-truth table is paired with
 * the found table on its page sharing most cells; found tables left unpaired count against precision.
 *
 *   node bench/docling-tables.ts [--verbose]
 *
 * docjobs side: the PDF parser in this process (extractPdf), no server. No CPU-only peer here gives
 * cells with spans (pdftotext has no tables), so the table shows docjobs alone per document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractPdf } from '../src/pipeline/pdf/extract.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { TableCell } from '../src/pipeline/types.ts';
import { fixed, machine, printTable } from './lib.ts';

const { values: args } = parseArgs({ options: { verbose: { type: 'boolean', default: false } } });
const dir = corpusDir('docling_pdf_groundtruth');

interface GtCell {
  text: string;
  start_row_offset_idx: number;
  start_col_offset_idx: number;
  row_span: number;
  col_span: number;
}
interface GtTable {
  label: string;
  prov: { page_no: number }[];
  data: { table_cells: GtCell[] };
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();
const key = (row: number, col: number, rowSpan: number, colSpan: number, text: string) =>
  `${row}/${col}/${rowSpan}/${colSpan}/${norm(text)}`;

function matched(gt: readonly string[], found: readonly string[]): number {
  const left = new Map<string, number>();
  for (const k of gt) left.set(k, (left.get(k) ?? 0) + 1);
  let n = 0;
  for (const k of found) {
    const c = left.get(k) ?? 0;
    if (c > 0) {
      n++;
      left.set(k, c - 1);
    }
  }
  return n;
}

console.log(`docling ground truth tables: cell F1 (position, spans and text); ${machine()}`);
const rows: string[][] = [];
const total = { tp: 0, gt: 0, found: 0, tables: 0 };
for (const name of readdirSync(join(dir, 'groundtruth')).filter(
  (f) => /^[^.]+(\.[^.]+)*\.json$/.test(f) && !f.endsWith('.pages.meta.json'),
)) {
  const doc = name.replace(/\.json$/, '');
  const gtTables = (JSON.parse(readFileSync(join(dir, 'groundtruth', name), 'utf8')).tables ??
    []) as GtTable[];
  const wanted = gtTables.filter((t) => t.label === 'table');
  const parsed = await extractPdf(new Uint8Array(readFileSync(join(dir, 'pdf', `${doc}.pdf`))), () => {});
  const found = parsed.pages.flatMap((p) =>
    p.blocks
      .filter((b) => b.type === 'table')
      .map((b) => ({
        page: p.page,
        keys: (b.cells ?? gridCells(b.rows ?? [])).map((c) =>
          key(c.row, c.col, c.rowSpan, c.colSpan, c.text),
        ),
      })),
  );
  if (wanted.length === 0 && found.length === 0) continue;
  const used = new Set<number>();
  let tp = 0;
  let gtCells = 0;
  for (const t of wanted) {
    const keys = t.data.table_cells.map((c) =>
      key(c.start_row_offset_idx, c.start_col_offset_idx, c.row_span, c.col_span, c.text),
    );
    gtCells += keys.length;
    let best = -1;
    let bestN = 0;
    for (const [k, f] of found.entries()) {
      if (used.has(k) || f.page !== t.prov[0]?.page_no) continue;
      const n = matched(keys, f.keys);
      if (n > bestN) [best, bestN] = [k, n];
    }
    if (best >= 0) used.add(best);
    tp += bestN;
    if (args.verbose) console.log(`  ${doc} p${t.prov[0]?.page_no}: ${bestN}/${keys.length} cells`);
  }
  const foundCells = found.reduce((sum, f) => sum + f.keys.length, 0);
  total.tp += tp;
  total.gt += gtCells;
  total.found += foundCells;
  total.tables += wanted.length;
  rows.push([doc, String(wanted.length), String(found.length), ...prf(tp, gtCells, foundCells)]);
}
rows.push(['all', String(total.tables), '', ...prf(total.tp, total.gt, total.found)]);
printTable(['document', 'gt tables', 'found', 'precision', 'recall', 'F1'], rows);

function prf(tp: number, gt: number, found: number): string[] {
  const p = found === 0 ? 0 : tp / found;
  const r = gt === 0 ? 0 : tp / gt;
  const f = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return [fixed(p, 3), fixed(r, 3), fixed(f, 3)];
}

function gridCells(grid: readonly (readonly string[])[]): TableCell[] {
  return grid.flatMap((r, row) =>
    r.map((text, col) => ({ row, col, rowSpan: 1, colSpan: 1, text, bbox: null })),
  );
}
