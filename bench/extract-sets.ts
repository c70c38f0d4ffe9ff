/**
 * The extraction benches' documents and truths, listed once: SROIE receipts (key/NNN.json) and
 * their line transcripts as a perfect OCR would give them, invoice2data invoices
 * (expected/<name>.json). bench/extract-receipts.ts, bench/extract-invoices.ts and
 * bench/calibration.ts read the same sets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { corpusDir } from '../src/pipeline/testing/fixtures.ts';
import type { OcrLine, OcrWord, ParsedDocument } from '../src/pipeline/types.ts';
import type { ReceiptField } from './extract-scoring.ts';

export interface Receipt {
  id: string;
  path: string;
  truth: Record<ReceiptField, string | null>;
}

const sroie = () => corpusDir('sroie_receipts');

export function sroieReceipts(limit = Number.POSITIVE_INFINITY): Receipt[] {
  const dir = sroie();
  return readdirSync(join(dir, 'images'))
    .filter((name) => name.endsWith('.jpg'))
    .sort()
    .slice(0, limit)
    .map((name) => {
      const id = basename(name, '.jpg');
      const truth = JSON.parse(readFileSync(join(dir, 'key', `${id}.json`), 'utf8')) as Receipt['truth'];
      return { id, path: join(dir, 'images', name), truth };
    });
}

export interface Invoice {
  name: string;
  path: string;
  truth: Record<string, unknown>;
}

/** The 11 PDFs, and with `png` the 4 PNG renderings of four of them (same truth). */
export function invoiceInputs(png: boolean): Invoice[] {
  const dir = corpusDir('invoice2data_invoices');
  return readdirSync(join(dir, 'inputs'))
    .filter((name) => name.endsWith('.pdf') || (png && name.endsWith('.png')))
    .sort()
    .map((name) => {
      const id = basename(name).replace(/\.(pdf|png)$/, '');
      const [truth] = JSON.parse(readFileSync(join(dir, 'expected', `${id}.json`), 'utf8')) as Record<
        string,
        unknown
      >[];
      return { name, path: join(dir, 'inputs', name), truth: truth! };
    });
}

/**
 * A receipt as a perfect OCR would give it: one line per row of box/NNN.csv (its quad's bounding
 * rectangle, confidence 1), words split on spaces with boxes interpolated along the line by
 * character position, lines in reading order (top to bottom, left to right within a row).
 */
export function sroieReferenceDocument(id: string, like: ParsedDocument): ParsedDocument {
  const rows = readFileSync(join(sroie(), 'box', `${id}.csv`), 'utf8')
    .split(/\r?\n/)
    .filter((row) => row.trim())
    .map((row) => {
      const cells = row.split(',');
      const xy = cells.slice(0, 8).map(Number);
      const xs = xy.filter((_, k) => k % 2 === 0);
      const ys = xy.filter((_, k) => k % 2 === 1);
      const box: [number, number, number, number] = [
        Math.min(...xs),
        Math.min(...ys),
        Math.max(...xs),
        Math.max(...ys),
      ];
      return { box, text: cells.slice(8).join(',').trim() };
    })
    .filter((r) => r.text !== '');
  // Rows whose vertical centres are within half a line height are one row, read left to right.
  const centre = (b: number[]) => (b[1]! + b[3]!) / 2;
  rows.sort((a, b) => centre(a.box) - centre(b.box));
  const ordered: typeof rows = [];
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    const half = (rows[i]!.box[3] - rows[i]!.box[1]) / 2;
    while (j < rows.length && centre(rows[j]!.box) - centre(rows[i]!.box) < half) j++;
    ordered.push(...rows.slice(i, j).sort((a, b) => a.box[0] - b.box[0]));
    i = j;
  }
  const lines: OcrLine[] = ordered.map(({ box, text }) => {
    const perChar = (box[2] - box[0]) / text.length;
    const words: OcrWord[] = [];
    for (const m of text.matchAll(/\S+/g)) {
      const x0 = box[0] + m.index * perChar;
      words.push({ text: m[0], bbox: [x0, box[1], x0 + m[0].length * perChar, box[3]], confidence: 1 });
    }
    return { text, bbox: box, confidence: 1, words };
  });
  const page = like.pages[0]!;
  const text = lines.map((l) => l.text).join('\n');
  return {
    ...like,
    pages: [
      {
        ...page,
        text,
        markdown: text,
        blocks: [{ type: 'paragraph', text, bbox: null }],
        words: lines.flatMap((l) => l.words),
        lines,
      },
    ],
    text,
    markdown: text,
  };
}
