/**
 * docling ground truth: heading recall and table cell F1, docjobs beside a peer in one run.
 *
 *   node bench/docling-layout.ts [--verbose]
 *
 * Corpus: ../shared/corpus/docling_pdf_groundtruth (11 born-digital PDFs; its JSON labels every
 * text block and gives table cells with spans). The ground truth is docling's own output frozen
 * as a baseline, so this measures agreement with docling.
 * - Headings: a ground-truth `section_header` is found when a heading block on its page has the
 *   same words (lower case, letters and digits only, in any order); one may hold the other's words
 *   when it is ≥ half as long ("Chapter 1. Securing…" holds "Securing…"). Precision: heading blocks that match a
 *   `section_header` or `title`. Peer: the font-size-only rule (a line ≥ 1.15× the body size is a
 *   heading: docjobs before issue 13), run on the same lines. pdftotext marks no headings.
 * - Tables: on each page with a ground-truth table, cell F1 over (row, col, rowSpan, colSpan, text)
 *   of non-empty cells against the best-matching table on the page. Peer: `pdftotext -layout`,
 *   lines split into cells on runs of ≥ 2 spaces; its best run of consecutive multi-cell lines
 *   (one blank line allowed inside) is its table.
 * docjobs runs in this process (the same pdf/ functions the worker runs, one thread), not over HTTP.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { assemblePages } from '../src/pipeline/pdf/assemble.ts';
import { bodyFontSize, buildBlocks } from '../src/pipeline/pdf/blocks.ts';
import { extractPages } from '../src/pipeline/pdf/extract.ts';
import { isHeadingSize } from '../src/pipeline/pdf/headings.ts';
import type { Line } from '../src/pipeline/pdf/layout.ts';
import { withPdf } from '../src/pipeline/pdf/pdfjs.ts';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { Block } from '../src/pipeline/types.ts';
import { fixed, printTable } from './lib.ts';

const { values: args } = parseArgs({ options: { verbose: { type: 'boolean', default: false } } });
const dir = corpusDir('docling_pdf_groundtruth');

interface GtText {
  label: string;
  text: string;
  prov: { page_no: number }[];
}
interface GtCell {
  text: string;
  row_span: number;
  col_span: number;
  start_row_offset_idx: number;
  start_col_offset_idx: number;
}
interface GtTable {
  prov: { page_no: number }[];
  data: { table_cells: GtCell[] };
}
interface Cell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '');

const words = (s: string) => s.split(/\s+/).map(norm).filter(Boolean);

/**
 * Every word of one in the other, in any order (docling writes a trailing section number, "들어가며 1",
 * the PDF sets first), and the shorter at least half the longer's characters.
 */
function sameHeading(a: string, b: string): boolean {
  const [x, y] = [words(a), words(b)];
  if (x.length === 0 || y.length === 0) return false;
  const [short, long] = x.join('').length <= y.join('').length ? [x, y] : [y, x];
  const pool = [...long];
  for (const w of short) {
    const k = pool.indexOf(w);
    if (k < 0) return false;
    pool.splice(k, 1);
  }
  return short.join('').length >= 0.5 * long.join('').length;
}

/** Matched cells between two tables: same position, spans and normalised text. */
function cellMatches(pred: readonly Cell[], gt: readonly Cell[]): number {
  const key = (c: Cell) => `${c.row}:${c.col}:${c.rowSpan}:${c.colSpan}:${norm(c.text)}`;
  const want = new Map<string, number>();
  for (const c of gt) want.set(key(c), (want.get(key(c)) ?? 0) + 1);
  let hits = 0;
  for (const c of pred) {
    const n = want.get(key(c)) ?? 0;
    if (n > 0) {
      hits++;
      want.set(key(c), n - 1);
    }
  }
  return hits;
}

const nonEmpty = (cells: Cell[]) => cells.filter((c) => norm(c.text) !== '');

/** docjobs' cells: `cells` with spans when a table block has them, else its rows grid. */
function blockCells(block: Block): Cell[] {
  const withCells = block as Block & { cells?: Cell[] };
  if (withCells.cells) return nonEmpty(withCells.cells);
  return nonEmpty(
    (block.rows ?? []).flatMap((row, r) =>
      row.map((text, c) => ({ row: r, col: c, rowSpan: 1, colSpan: 1, text })),
    ),
  );
}

/** pdftotext -layout's text of one page → candidate tables (runs of lines with ≥ 2 cells). */
function layoutTables(text: string): Cell[][] {
  const out: Cell[][] = [];
  let run: string[][] = [];
  let blanks = 0;
  const close = () => {
    if (run.length >= 2)
      out.push(
        nonEmpty(
          run.flatMap((cells, r) =>
            cells.map((t, c) => ({ row: r, col: c, rowSpan: 1, colSpan: 1, text: t })),
          ),
        ),
      );
    run = [];
  };
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    if (line.trim() === '') {
      if (++blanks > 1) close();
      continue;
    }
    blanks = 0;
    if (cells.length >= 2) run.push(cells);
    else close();
  }
  close();
  return out;
}

/** Best F1 of any candidate against the ground-truth table: [matches, predicted, truth]. */
function bestTable(candidates: readonly Cell[][], gt: readonly Cell[]): [number, number, number] {
  let best: [number, number, number] = [0, 0, gt.length];
  let bestF1 = -1;
  for (const cand of candidates) {
    const hits = cellMatches(cand, gt);
    const f1 = (2 * hits) / (cand.length + gt.length);
    if (f1 > bestF1) [best, bestF1] = [[hits, cand.length, gt.length], f1];
  }
  return best;
}

const sizeOnly = (pages: readonly (readonly Line[])[]) => {
  const body = bodyFontSize(pages);
  return (line: Line) => (isHeadingSize(line.size, body) ? 1 : null);
};

const totals = {
  headings: 0,
  found: { docjobs: 0, peer: 0 },
  marked: { docjobs: 0, peer: 0 },
  right: { docjobs: 0, peer: 0 },
  cells: { docjobs: [0, 0, 0], peer: [0, 0, 0] },
  tables: 0,
};
const perFile: string[][] = [];
const names = readdirSync(join(dir, 'pdf'))
  .filter((f) => f.endsWith('.pdf'))
  .map((f) => f.slice(0, -4))
  .sort();
for (const name of names) {
  const gt = JSON.parse(readFileSync(join(dir, 'groundtruth', `${name}.json`), 'utf8')) as {
    texts: GtText[];
    tables: GtTable[];
  };
  const file = join(dir, 'pdf', `${name}.pdf`);
  const layouts = await withPdf(new Uint8Array(readFileSync(file)), (doc) =>
    extractPages(doc, 1, doc.numPages, () => {}),
  );
  const pages = await assemblePages(layouts);
  const peerLevel = sizeOnly(layouts.map((p) => [...p.rotated, ...p.lines]));
  const peerPages = layouts.map((p) => buildBlocks([...p.rotated, ...p.lines], peerLevel));
  const headingsOf = (who: 'docjobs' | 'peer', page: number) =>
    (who === 'docjobs' ? pages[page - 1]?.blocks : peerPages[page - 1])?.filter(
      (b) => b.type === 'heading',
    ) ?? [];

  const wanted = gt.texts.filter((t) => t.label === 'section_header');
  const titled = gt.texts.filter((t) => t.label === 'section_header' || t.label === 'title');
  const found = { docjobs: 0, peer: 0 };
  for (const who of ['docjobs', 'peer'] as const) {
    for (const h of wanted) {
      const page = h.prov[0]?.page_no ?? 1;
      const hit = headingsOf(who, page).some((b) => sameHeading(b.text.replace(/\s+/g, ' '), h.text));
      if (hit) found[who]++;
      else if (args.verbose && who === 'docjobs') console.log(`  missed ${name} p${page}: ${h.text}`);
    }
    for (let p = 1; p <= pages.length; p++) {
      for (const b of headingsOf(who, p)) {
        totals.marked[who]++;
        const right = titled.some((t) => (t.prov[0]?.page_no ?? 1) === p && sameHeading(b.text, t.text));
        if (right) totals.right[who]++;
        else if (args.verbose && who === 'docjobs')
          console.log(`  extra ${name} p${p}: ${b.text.slice(0, 70)}`);
      }
    }
    totals.found[who] += found[who];
  }
  totals.headings += wanted.length;

  const tableScores = { docjobs: [0, 0, 0], peer: [0, 0, 0] };
  for (const table of gt.tables) {
    const page = table.prov[0]?.page_no ?? 1;
    const truth = nonEmpty(
      table.data.table_cells.map((c) => ({
        row: c.start_row_offset_idx,
        col: c.start_col_offset_idx,
        rowSpan: c.row_span,
        colSpan: c.col_span,
        text: c.text,
      })),
    );
    const ours = (pages[page - 1]?.blocks ?? []).filter((b) => b.type === 'table').map(blockCells);
    const text = spawnSync('pdftotext', ['-layout', '-f', `${page}`, '-l', `${page}`, file, '-'], {
      encoding: 'utf8',
    }).stdout;
    const scored = { docjobs: bestTable(ours, truth), peer: bestTable(layoutTables(text), truth) };
    for (const who of ['docjobs', 'peer'] as const) {
      for (let k = 0; k < 3; k++) {
        tableScores[who][k]! += scored[who][k]!;
        totals.cells[who][k]! += scored[who][k]!;
      }
    }
    totals.tables++;
  }
  const f1 = ([hits, pred, truth]: number[]) =>
    pred! + truth! > 0 ? fixed((2 * hits!) / (pred! + truth!), 2) : '-';
  perFile.push([
    name,
    `${wanted.length}`,
    `${found.peer}`,
    `${found.docjobs}`,
    `${gt.tables.length}`,
    gt.tables.length ? f1(tableScores.peer) : '-',
    gt.tables.length ? f1(tableScores.docjobs) : '-',
  ]);
}

console.log(
  `docling ground truth: ${names.length} PDFs, ${totals.headings} section headers, ${totals.tables} tables\n`,
);
printTable(
  ['file', 'headers', 'size-rule found', 'docjobs found', 'tables', 'pdftotext -layout F1', 'docjobs F1'],
  perFile,
);
const ratio = (a: number, b: number) => (b > 0 ? fixed(a / b, 3) : '-');
const cellF1 = ([hits, pred, truth]: number[]) => fixed((2 * hits!) / Math.max(1, pred! + truth!), 3);
console.log();
printTable(
  ['measure', 'peer', 'docjobs'],
  [
    [
      'heading recall (peer: font-size-only rule)',
      ratio(totals.found.peer, totals.headings),
      ratio(totals.found.docjobs, totals.headings),
    ],
    [
      'heading precision (vs section_header + title)',
      ratio(totals.right.peer, totals.marked.peer),
      ratio(totals.right.docjobs, totals.marked.docjobs),
    ],
    ['heading blocks marked', `${totals.marked.peer}`, `${totals.marked.docjobs}`],
    ['table cell F1 (peer: pdftotext -layout)', cellF1(totals.cells.peer), cellF1(totals.cells.docjobs)],
  ],
);
