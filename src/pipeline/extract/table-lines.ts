/**
 * Table rows as engine lines. A text-layer page's ruled tables are in its blocks only: their
 * words are not in `page.lines` (pdf/assemble.ts keeps a ruled table's runs out of the text
 * lines), so without this an invoice whose number, date and total sit in a ruled box reads as
 * if they were not printed (AmazonWebServices.pdf: every field but the issuer was null).
 *
 * Each grid row becomes one line, its cells the segments; a cell's words get boxes shared out
 * along the cell by character position (the way pdf/text-lines.ts shares a segment's box), so a
 * value read from a table carries a box like any other. A table whose area already holds page
 * lines (OCR pages, unruled tables) is left alone: its words are there once already.
 */
import type { Block, BoundingBox, OcrLine, ParsedPage } from '../types.ts';

export interface TableRowLine {
  line: OcrLine;
  /** Index of the first word of each non-empty cell. */
  segments: number[];
}

const centreIn = (b: BoundingBox, area: BoundingBox) => {
  const x = (b[0] + b[2]) / 2;
  const y = (b[1] + b[3]) / 2;
  return x >= area[0] && x <= area[2] && y >= area[1] && y <= area[3];
};

/** Rows of the page's tables that its lines lack, each with the reading position it goes to. */
export function missingTableRows(page: ParsedPage): { before: number; rows: TableRowLine[] }[] {
  const lines = page.lines ?? [];
  const out: { before: number; rows: TableRowLine[] }[] = [];
  for (const block of page.blocks ?? []) {
    if (block.type !== 'table' || !block.bbox || !block.cells?.length) continue;
    const area = block.bbox;
    const inside = lines.filter((l) => l.bbox && centreIn(l.bbox, area)).length;
    // Half the rows already present as lines: the table was laid over the page's own lines.
    if (inside >= 0.5 * (block.rows?.length ?? 1)) continue;
    const rows = rowLines(block);
    if (rows.length === 0) continue;
    // Reading order: before the first line that starts below the table's top edge.
    const at = lines.findIndex((l) => l.bbox && (l.bbox[1] + l.bbox[3]) / 2 > area[1]);
    out.push({ before: at < 0 ? lines.length : at, rows });
  }
  return out;
}

function rowLines(block: Block): TableRowLine[] {
  const byRow = new Map<number, NonNullable<Block['cells']>>();
  for (const cell of block.cells ?? []) {
    const list = byRow.get(cell.row) ?? [];
    list.push(cell);
    byRow.set(cell.row, list);
  }
  const confidence = block.source === 'ocr' ? (block.confidence ?? 1) : 1;
  const out: TableRowLine[] = [];
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const words: OcrLine['words'] = [];
    const segments: number[] = [];
    for (const cell of byRow.get(row)!.sort((a, b) => a.col - b.col)) {
      const text = cell.text.replace(/\s+/g, ' ').trim();
      if (!text || !cell.bbox) continue;
      segments.push(words.length);
      const [x0, y0, x1, y1] = cell.bbox;
      const perChar = (x1 - x0) / text.length;
      for (const m of text.matchAll(/\S+/g)) {
        const left = x0 + m.index * perChar;
        words.push({ text: m[0], bbox: [left, y0, left + m[0].length * perChar, y1], confidence });
      }
    }
    if (words.length === 0) continue;
    const boxes = words.map((w) => w.bbox);
    const bbox: BoundingBox = [
      Math.min(...boxes.map((b) => b[0])),
      Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ];
    out.push({ line: { text: words.map((w) => w.text).join(' '), bbox, confidence, words }, segments });
  }
  return out;
}
