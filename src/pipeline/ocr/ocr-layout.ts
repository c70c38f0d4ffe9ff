/**
 * An OCR page's blocks: its tables, then its headings and paragraphs (ocr-text-blocks.ts) from
 * the lines the tables leave. For the tables, the words become text runs (ocr-runs.ts) and go through
 * the detectors of text-layer pages — lattice over the ruling lines found in the page image
 * (image-rulings.ts), then stream over the lines left — so that both kinds of page find the same
 * tables. Words in a table leave tesseract's paragraphs; each table is placed, as on text pages
 * (pdf/tables/page-tables.ts withTables), before the first paragraph below it that shares its
 * horizontal extent. Pure geometry: boxes in, blocks out.
 */

import { unionOf } from '../boxes.ts';
import { findTables } from '../pdf/blocks.ts';
import { groupLines, pageOrder } from '../pdf/layout.ts';
import { tableMarkdown } from '../pdf/tables/cells.ts';
import type { Ruling } from '../pdf/tables/lattice.ts';
import { pageTables } from '../pdf/tables/page-tables.ts';
import type { Block } from '../types.ts';
import type { OcrLine, OcrParagraph, OcrWord } from './ocr-page.ts';
import { ocrMarkdown } from './ocr-page.ts';
import { type OcrRun, ocrRuns, typicalLineHeight } from './ocr-runs.ts';
import { ocrTextBlocks } from './ocr-text-blocks.ts';

export interface OcrLayout {
  blocks: Block[];
  text: string;
  markdown: string;
}

export function ocrLayout(
  paragraphs: readonly OcrParagraph[],
  rulings: readonly Ruling[],
  page: { width: number; height: number },
): OcrLayout {
  const lines = paragraphs.flatMap((p) => p.lines);
  const { tables, words } = findOcrTables(lines, rulings, page);
  const rest = tables.length === 0 ? paragraphs : paragraphs.flatMap((p) => paragraphsWithout(p, words));
  const blocks = placeTables(ocrTextBlocks(rest), tables, 0.5 * typicalLineHeight(lines));
  return {
    blocks,
    text: blocks.map((b) => b.text).join('\n\n'),
    markdown: ocrBlocksMarkdown(blocks),
  };
}

/** An OCR page's markdown: tables as tables, headings as headings, paragraphs escaped (ocrMarkdown). */
export function ocrBlocksMarkdown(blocks: readonly Block[]): string {
  return blocks.map(blockMarkdown).join('\n\n');
}

function blockMarkdown(block: Block): string {
  if (block.type === 'table') return tableMarkdown(block);
  if (block.type === 'heading') return `${'#'.repeat(block.level ?? 1)} ${block.text}`;
  return ocrMarkdown([block.text]);
}

/** The page's tables, and the words they took from the text flow. */
function findOcrTables(
  lines: readonly OcrLine[],
  rulings: readonly Ruling[],
  page: { width: number; height: number },
): { tables: Block[]; words: Set<OcrWord> } {
  const runs = ocrRuns(lines);
  const { tables: lattice, rest } = pageTables(runs, rulings, page);
  const left = new Set(rest);
  const words = new Set(runs.filter((r) => !left.has(r)).map((r) => r.source));
  const tables = lattice.map((t) => t.table);
  // Stream tables: the detector of text pages over the lines left, in reading order.
  const ordered = pageOrder(groupLines(rest)).lines;
  for (const [start, { end, block }] of findTables(ordered)) {
    tables.push(block);
    for (const line of ordered.slice(start, end))
      for (const run of line.segments.flatMap((s) => s.runs)) words.add((run as OcrRun).source);
  }
  return { tables, words };
}

/** A paragraph without the words tables took: the runs of lines left, each a paragraph. */
function paragraphsWithout(paragraph: OcrParagraph, taken: ReadonlySet<OcrWord>): OcrParagraph[] {
  if (!paragraph.lines.some((l) => l.words.some((w) => taken.has(w)))) return [paragraph];
  const out: OcrParagraph[] = [];
  let kept: OcrLine[] = [];
  const flush = () => {
    if (kept.length > 0)
      out.push({
        text: kept.map((l) => l.text).join('\n'),
        bbox: unionOf(kept.map((l) => l.bbox)),
        lines: kept,
      });
    kept = [];
  };
  for (const line of paragraph.lines) {
    const words = line.words.filter((w) => !taken.has(w));
    if (words.length === line.words.length) kept.push(line);
    else {
      // A line cut by a table ends the paragraph piece above the table.
      if (words.length > 0)
        kept.push({
          ...line,
          text: words.map((w) => w.text).join(' '),
          words,
          bbox: unionOf(words.map((w) => w.bbox)),
        });
      flush();
    }
  }
  flush();
  return out;
}

/** Each table before the first block below it that overlaps it horizontally; at the end when none. */
function placeTables(blocks: readonly Block[], tables: readonly Block[], slack: number): Block[] {
  const out = [...blocks];
  for (const block of [...tables].sort((a, b) => a.bbox![1] - b.bbox![1])) {
    const [x0, , x1, bottom] = block.bbox!;
    const at = out.findIndex(
      (b) =>
        b.type !== 'table' &&
        b.bbox !== null &&
        b.bbox[1] >= bottom - slack &&
        b.bbox[0] < x1 &&
        b.bbox[2] > x0,
    );
    if (at < 0) out.push(block);
    else out.splice(at, 0, block);
  }
  return out;
}
