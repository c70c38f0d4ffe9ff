/**
 * Per-page layout → the document's pages. No pdfjs here: the per-page half
 * (layoutPage) runs in the worker threads, the document half (assemblePages)
 * runs where all pages meet — in the worker for a document parsed by one
 * task, on the main thread for one parsed in chunks (pdf/parallel-parse.ts).
 * Both paths call the same functions, so their output is the same.
 *
 * Document-level steps: the two-column gutter most pages share (pages whose
 * own layout test fails are read in its columns), the body font size and the
 * heading levels. Measured on the 48 arXiv pages (warm): layoutPage ~0.8 ms a
 * page, assemblePages ~0.2 ms a page (buildBlocks is most of it).
 */

import { roundScore } from '../../core/quality.ts';
import { figureRegions, withFigures } from '../layout/figures.ts';
import { textLayerQuality } from '../ocr/quality.ts';
import type { BoundingBox, ParsedPage } from '../types.ts';
import { blocksMarkdown, blocksText, bodyFontSize, buildBlocks, headingLevels } from './blocks.ts';
import type { PathPiece } from './drawing-paths.ts';
import { drawingRegions } from './drawing-regions.ts';
import { documentGutter, fitsGutter, groupLines, type Line, pageOrder, type TextRun } from './layout.ts';
import type { Ruling } from './tables/lattice.ts';
import { pageTables, type TableLine, withTables } from './tables/page-tables.ts';
import { textLines } from './text-lines.ts';

export interface PageLayout {
  width: number;
  height: number;
  /** Rotated text as ready-made lines (they go first). */
  rotated: Line[];
  /** This page's own two-column gutter, or null. */
  gutter: number | null;
  /** Lines in reading order by the page's own gutter (grouped by baseline when it has none). */
  lines: Line[];
  /** Kept only when `gutter` is null: the document's gutter may still split the page into columns. */
  runs: TextRun[] | null;
  /** Tables found from ruling lines, as placeholder lines (also placed in `lines`); their runs are not in `runs`. */
  tables: TableLine[];
  /** Where the page paints images (figure candidates), viewport coordinates. */
  images?: BoundingBox[];
  /** Where the page's vector drawings are (figure candidates: drawing-regions.ts), viewport coordinates. */
  drawings?: BoundingBox[];
  /** Characters of the text layer left out as unmapped glyph codes (pdf/extract.ts). */
  unmappedChars?: number;
}

export function layoutPage(
  allRuns: TextRun[],
  sideways: readonly TextRun[],
  width: number,
  height: number,
  rulings: readonly Ruling[] = [],
  paths: readonly PathPiece[] = [],
): PageLayout {
  // Text turned upright either way goes to the table finder too (turned column headers); what it
  // leaves, and text on a slant, is one line.
  const found = pageTables([...allRuns, ...sideways.filter((run) => !run.slanted)], rulings, {
    width,
    height,
  });
  const { tables } = found;
  const runs = found.rest.filter((run) => !run.sideways);
  const rotated = sidewaysLines([
    ...found.rest.filter((run) => run.sideways),
    ...sideways.filter((run) => run.slanted),
  ]);
  const tableBoxes = tables.map((t): BoundingBox => [t.x0, t.top, t.x1, t.bottom]);
  const drawings = paths.length > 0 ? drawingRegions(paths, runs, tableBoxes, { width, height }) : [];
  const raw = groupLines(runs);
  const ordered = pageOrder(raw);
  return {
    width,
    height,
    rotated,
    gutter: ordered.gutter,
    lines: withTables(ordered.lines, tables),
    runs: ordered.gutter === null && mayFitGutter(raw) ? runs : null,
    tables,
    ...(drawings.length > 0 ? { drawings } : {}),
  };
}

/**
 * Text set at an angle and in no table (arXiv's margin stamp, a chart's axis title) has no place
 * in the line flow: it goes first, as one line ordered by position, with a box under 2 units each
 * way (furniture.ts knows such a box as sideways text).
 */
function sidewaysLines(runs: readonly TextRun[]): Line[] {
  if (runs.length === 0) return [];
  const sorted = [...runs].sort((a, b) => a.x0 - b.x0 || a.y - b.y);
  const text = sorted
    .map((r) => r.str)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const { x0: x, y } = sorted[0]!;
  return [{ text, x0: x, x1: x + 1, top: y, bottom: y + 1, y, size: 0, segments: [] }];
}

/**
 * False when no gutter can pass fitsGutter (three segments ending left of it
 * and three starting right of it): then the page's runs need not be kept.
 * Single-column pages, the bulk of most documents, never can.
 */
function mayFitGutter(lines: readonly Line[]): boolean {
  const segments = lines.flatMap((l) => l.segments);
  if (segments.length < 3) return false;
  const ends = segments.map((s) => s.x1).sort((a, b) => a - b);
  const starts = segments.map((s) => s.x0).sort((a, b) => b - a);
  return ends[2]! < starts[2]!;
}

/**
 * A PageLayout made small for postMessage: segments drop their runs (only
 * layout uses them, and the main thread regroups from `runs` when it needs to).
 */
export function portablePage(page: PageLayout): PageLayout {
  const strip = (lines: Line[]) =>
    lines.map((l) => ({ ...l, segments: l.segments.map((s) => ({ ...s, runs: [] })) }));
  return { ...page, rotated: strip(page.rotated), lines: strip(page.lines) };
}

/**
 * A page's text-layer score when some of its glyphs had no Unicode mapping and were left out:
 * the kept text's own score, scaled by the share of characters kept.
 */
function withUnmapped(text: string, unmapped: number): number {
  const kept = text.replace(/\s/g, '').length;
  return roundScore(textLayerQuality(text) * (kept / (kept + unmapped)));
}

/** A page with this much text set at a body size this far from the document's reads on its own. */
const OWN_BODY_CHARS = 500;
const OWN_BODY_RATIO = 1.15;

/**
 * Headings of a page whose own body text is set at another size than the document's (a brochure
 * page bound into a manual, an appendix in small print): its headings stand out from its own text,
 * which may be smaller than the document's body. Null: the document's levels apply.
 */
function pageLevels(lines: readonly Line[], documentBody: number) {
  const own = bodyFontSize([lines]);
  const chars = lines.reduce((n, l) => n + l.text.length, 0);
  const apart = Math.max(own, documentBody) >= OWN_BODY_RATIO * Math.min(own, documentBody);
  return own > 0 && apart && chars >= OWN_BODY_CHARS ? headingLevels([lines], own) : null;
}

/** Fewer visible characters than this and the page is treated as a scan: OCR decides later. */
const MIN_TEXT_CHARS = 5;

/**
 * All pages' layouts, in page order → ParsedPage[]. `pause` (main thread
 * only) is awaited every few pages so a 1,500-page document (~300 ms of
 * work) does not hold up HTTP replies in one block.
 */
export async function assemblePages(
  layouts: readonly PageLayout[],
  pause?: () => Promise<void>,
): Promise<ParsedPage[]> {
  const gutter = documentGutter(layouts.map((p) => p.gutter));
  const allLines: Line[][] = [];
  for (const [k, p] of layouts.entries()) {
    let lines = p.lines;
    if (gutter !== null && p.gutter === null && p.runs && fitsGutter(lines, gutter))
      lines = withTables(pageOrder(groupLines(p.runs), gutter).lines, p.tables ?? []);
    allLines.push([...p.rotated, ...lines]);
    if (pause && k % 32 === 31) await pause();
  }
  const body = bodyFontSize(allLines);
  const levelOf = headingLevels(allLines, body);
  const pages: ParsedPage[] = [];
  for (const [k, lines] of allLines.entries()) {
    const p = layouts[k]!;
    const hasText = lines.reduce((sum, l) => sum + l.text.replace(/\s/g, '').length, 0) >= MIN_TEXT_CHARS;
    const regions = hasText
      ? figureRegions([...(p.images ?? []), ...(p.drawings ?? [])], p.width, p.height)
      : [];
    const blocks = hasText
      ? withFigures(buildBlocks(lines, pageLevels(lines, body) ?? levelOf), regions, k + 1)
      : [];
    const text = blocksText(blocks);
    pages.push({
      page: k + 1,
      width: p.width,
      height: p.height,
      text,
      markdown: blocksMarkdown(blocks),
      textLayer: hasText,
      source: hasText ? 'textLayer' : 'none',
      blocks,
      ...(hasText ? { lines: textLines(lines) } : {}),
      ...(hasText && p.unmappedChars ? { qualityScore: withUnmapped(text, p.unmappedChars) } : {}),
      // Pictures on a text page may hold words of their own (read-document reads them under ocr auto).
      ...(hasText && p.images?.length ? { images: p.images } : {}),
    });
    if (pause && k % 16 === 15) await pause();
  }
  return pages;
}
