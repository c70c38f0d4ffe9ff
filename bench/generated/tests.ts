/**
 * The tests of one generated PDF, derived from what the generator placed (layout.ts records),
 * in olmOCR-bench's JSONL shape (bench/scoring.ts scores them). Per page: `present` sentences,
 * list items and captions; `absent` running heads, footers and watermarks; `order` pairs from one
 * flow (across columns first); `table` cells with a neighbour or header; `heading` lines that must
 * be headings and body lines that must not.
 */
import { normaliseOlmocr, type OlmocrTest } from '../scoring.ts';
import type { Doc, Placed } from './layout.ts';
import type { Rng } from './text.ts';

export interface TestOptions {
  /** Edits allowed in text tests: OCR of a scan is not held to every character. */
  maxDiffs?: number;
}

export function deriveTests(doc: Doc, pdf: string, rng: Rng, options: TestOptions = {}): OlmocrTest[] {
  const tests: OlmocrTest[] = [];
  const stem = pdf.replace(/\.pdf$/, '');
  const add = (page: number, test: Omit<OlmocrTest, 'pdf' | 'page' | 'id'>) => {
    const max = options.maxDiffs && test.type !== 'table' ? { max_diffs: options.maxDiffs } : {};
    tests.push({
      pdf,
      page: page + 1,
      id: `${stem}_p${page + 1}_${test.type}_${tests.length}`,
      ...max,
      ...test,
    });
  };
  for (let p = 0; p < doc.pages.length; p++) {
    const here = doc.placed.filter((x) => x.pages.size === 1 && x.pages.has(p));
    const cells = doc.tables.filter((t) => t.page === p).flatMap((t) => t.grid.flat());
    const truth = normaliseOlmocr([...here.map((x) => x.text), ...cells].join(' '));
    const sentences = here.filter((x) => x.kind === 'sentence');
    const others = here.filter((x) => x.kind === 'item' || x.kind === 'caption' || x.kind === 'note');

    const picks = [...rng.sample(sentences, others.length > 0 ? 2 : 3), ...rng.sample(others, 1)];
    for (const x of picks) add(p, { type: 'present', text: x.text });

    // Running heads and footers; a chapter title that is also a heading on this page cannot be absent.
    for (const f of doc.furniture.filter((f) => f.page === p && f.absent)) {
      if (!truth.includes(normaliseOlmocr(f.text))) add(p, { type: 'absent', text: f.text });
    }

    for (const [a, b] of orderPairs(here, rng)) add(p, { type: 'order', before: a.text, after: b.text });

    const headings = here.filter((x) => x.kind === 'heading');
    for (const h of rng.sample(headings, 2)) add(p, { type: 'heading', text: h.text, heading: true });
    // Not headings: prefer the short lines a reader may promote (captions, bylines, list items, notes).
    const plain = here.filter((x) => x.kind !== 'heading' && x.kind !== 'sentence');
    for (const x of rng.sample(plain.length > 0 ? plain : sentences, 1))
      add(p, { type: 'heading', text: x.text, heading: false });

    for (const part of doc.tables.filter((t) => t.page === p))
      tableTests(part.grid, part.headerRows, rng, (t) => add(p, t));
  }
  return tests;
}

/** Up to two pairs: the last sentence of one column before the first of the next, then pairs further apart. */
function orderPairs(here: Placed[], rng: Rng): [Placed, Placed][] {
  const pairs: [Placed, Placed][] = [];
  const flows = Map.groupBy(
    here.filter((x) => x.kind === 'sentence' || x.kind === 'item'),
    (x) => x.flow,
  );
  for (const items of flows.values()) {
    items.sort((a, b) => a.seq - b.seq);
    const column = (x: Placed) => [...x.columns][0]!;
    for (let i = 0; i + 1 < items.length; i++) {
      if (
        column(items[i]!) !== column(items[i + 1]!) &&
        items[i]!.columns.size === 1 &&
        items[i + 1]!.columns.size === 1
      )
        pairs.push([items[i]!, items[i + 1]!]);
    }
    for (let k = 0; k < 2 && items.length >= 4; k++) {
      const i = rng.int(0, items.length - 3);
      const j = rng.int(i + 2, items.length - 1);
      pairs.push([items[i]!, items[j]!]);
    }
  }
  return rng.sample(pairs, 2);
}

type TableTest = Omit<OlmocrTest, 'pdf' | 'page' | 'id'>;

/** Up to five body cells whose text is unique in the part, each with one or two of its relations. */
function tableTests(grid: string[][], headerRows: number, rng: Rng, add: (t: TableTest) => void) {
  const count = new Map<string, number>();
  for (const row of grid) for (const cell of row) count.set(cell, (count.get(cell) ?? 0) + 1);
  const candidates: [number, number][] = [];
  for (let i = headerRows; i < grid.length; i++)
    for (let j = 0; j < grid[i]!.length; j++)
      if (count.get(grid[i]![j]!) === 1 && grid[i]![j]!.trim()) candidates.push([i, j]);
  for (const [i, j] of rng.sample(candidates, 5)) {
    const row = grid[i]!;
    const relations: [keyof TableTest, string | undefined][] = [
      ['left', row[j - 1]],
      ['right', row[j + 1]],
      ['up', grid[i - 1]?.[j]],
      ['down', grid[i + 1]?.[j]],
      // The header row nearest the cell; with a spanning group header above it, sometimes that one.
      ['top_heading', headerRows > 0 ? grid[rng.chance(0.3) ? 0 : headerRows - 1]![j] : undefined],
    ];
    const usable = relations.filter(([, v]) => v?.trim());
    const test: TableTest = { type: 'table', cell: row[j] };
    for (const [key, value] of rng.sample(usable, rng.int(1, 2))) Object.assign(test, { [key]: value });
    add(test);
  }
}
