/**
 * Lines in reading order → blocks (headings, paragraphs, list items, tables)
 * → page text and markdown. Heading levels need the whole document's font
 * sizes, so this runs after every page's lines are known.
 */
import { figureMarkdown } from '../layout/figures.ts';
import { median } from '../median.ts';
import type { Block, BoundingBox } from '../types.ts';
import { findCode, nestLists } from './code-lists.ts';
import type { Line } from './layout.ts';
import { tableBlock, tableMarkdown } from './tables/cells.ts';
import { findContents } from './tables/contents.ts';
import { isTableLine } from './tables/page-tables.ts';

const BULLET = /^([•◦▪▫●○■□·‣⁃∙*–—-])\s+/u;
const NUMBERED = /^(\(?\d{1,3}[.)]|\(?[a-z][.)])\s+/;

/** The font size most characters are set in (rounded to 0.5 pt): the body text. */
export function bodyFontSize(pages: readonly (readonly Line[])[]): number {
  const chars = new Map<number, number>();
  for (const lines of pages) {
    for (const line of lines) {
      const size = Math.round(line.size * 2) / 2;
      chars.set(size, (chars.get(size) ?? 0) + line.text.length);
    }
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of chars) {
    if (count > bestCount) [best, bestCount] = [size, count];
  }
  return best;
}

export { headingLevels } from './headings.ts';

export function buildBlocks(
  lines: readonly Line[],
  levelOf: (line: Line, following?: readonly Line[], previous?: Line) => number | null,
): Block[] {
  const blocks: Block[] = [];
  const tables = findContents(lines);
  for (const [start, table] of findTables(lines))
    if (!overlaps(tables, start, table.end)) tables.set(start, table);
  for (const [start, code] of findCode(lines)) if (!tables.has(start)) tables.set(start, code);
  const pitch = typicalPitch(lines);
  let current: { type: Block['type']; lines: Line[]; level?: number } | null = null;
  const flush = () => {
    if (current) blocks.push(textBlock(current.type, current.lines, current.level));
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const table = tables.get(i);
    if (table) {
      flush();
      blocks.push(table.block);
      i = table.end - 1;
      continue;
    }
    const line = lines[i]!;
    if (isTableLine(line)) {
      flush();
      blocks.push(line.table);
      continue;
    }
    const level = levelOf(line, lines.slice(i + 1, i + 3), lines[i - 1]);
    const listStart = BULLET.test(line.text) || NUMBERED.test(line.text);
    const prev: Line | undefined = current?.lines.at(-1);
    let startNew = !current || !prev || listStart;
    if (current && prev && !startNew) {
      const step = line.y - prev.y;
      const left = Math.min(...current.lines.map((l) => l.x0));
      startNew =
        step <= 0 || // moved up: next column or band
        // A heading's lines are set at its own, bigger, line spacing.
        step > Math.max(pitch * 1.3 + 0.5, current.type === 'heading' ? 1.5 * line.size : 0) ||
        Math.abs(line.size - prev.size) > 0.1 * prev.size ||
        (current.type === 'heading') !== (level !== null) ||
        // An indented first line, set in from the line above: lines that all start right of the
        // paragraph's left (beside a drop cap, or a hanging indent's) go on.
        (current.type === 'paragraph' &&
          current.lines.length >= 2 &&
          line.x0 > prev.x0 + 0.8 * line.size &&
          line.x0 < left + 5 * line.size);
    }
    if (startNew) {
      flush();
      const type: Block['type'] =
        level !== null && line.text.length < 200 ? 'heading' : listStart ? 'list' : 'paragraph';
      current = { type, lines: [line], ...(type === 'heading' ? { level: level ?? 1 } : {}) };
    } else {
      current!.lines.push(line);
    }
  }
  flush();
  nestLists(blocks);
  return blocks;
}

/** Whether lines [start, end) meet a block already found (a contents list wins over a stream table of its lines). */
const overlaps = (found: ReadonlyMap<number, { end: number }>, start: number, end: number) =>
  [...found].some(([s, f]) => s < end && start < f.end);

/** Median baseline step between consecutive lines going down: the page's line spacing. */
function typicalPitch(lines: readonly Line[]): number {
  const steps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const step = lines[i]!.y - lines[i - 1]!.y;
    if (step > 0 && step < 3 * lines[i]!.size) steps.push(step);
  }
  steps.sort((a, b) => a - b);
  const size = lines[0]?.size ?? 10;
  return steps[Math.floor(steps.length / 2)] ?? size * 1.2;
}

function bboxOf(lines: readonly Line[]): BoundingBox {
  const r = (n: number) => Math.round(n * 100) / 100;
  return [
    r(Math.min(...lines.map((l) => l.x0))),
    r(Math.min(...lines.map((l) => l.top))),
    r(Math.max(...lines.map((l) => l.x1))),
    r(Math.max(...lines.map((l) => l.bottom))),
  ];
}

function textBlock(type: Block['type'], lines: readonly Line[], level?: number): Block {
  const block: Block = { type, text: joinLines(lines.map((l) => l.text)), bbox: bboxOf(lines) };
  if (level !== undefined) block.level = level;
  return block;
}

/** Joins lines with "\n", undoing end-of-line hyphenation ("exam-" + "ple" → "example"). */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(line)) out = out.slice(0, -1) + line;
    else out += `\n${line}`;
  }
  return out;
}

/**
 * Runs of ≥3 consecutive lines split into cells (gaps wider than a word
 * space), at least two of them with ≥3 cells, whose cells fall into ≥3
 * shared columns. Columns are the union of cell x-ranges, so left-, right-
 * and centre-aligned columns all line up.
 */
export function findTables(lines: readonly Line[]): Map<number, { end: number; block: Block }> {
  const found = new Map<number, { end: number; block: Block }>();
  let i = 0;
  while (i < lines.length) {
    let j = i;
    const stepOk = (k: number) => {
      const step = lines[k]!.y - lines[k - 1]!.y;
      return step >= 0 && step <= 3 * lines[k]!.size;
    };
    for (; j < lines.length; j++) {
      if (j > i && !stepOk(j)) break;
      if (lines[j]!.segments.length >= 2) continue;
      // A line of one cell inside the table (a wrapped cell's next line, a row with one cell)
      // when the table goes on right after it.
      const next = lines[j + 1];
      if (!(j > i && next && next.segments.length >= 2 && stepOk(j + 1))) break;
    }
    // A wrapped last cell: one more line, closer to the table's last row than its rows are to
    // each other, inside the table's width.
    if (j > i + 1 && j < lines.length && lines[j]!.segments.length === 1 && stepOk(j)) {
      const steps = lines.slice(i + 1, j).map((l, k) => l.y - lines[i + k]!.y);
      const rowStep = median(steps);
      const last = lines[j]!;
      const inside = last.x0 >= Math.min(...lines.slice(i, j).map((l) => l.x0)) - 1;
      if (inside && last.y - lines[j - 1]!.y < 0.8 * rowStep) j++;
    }
    const run = lines.slice(i, j);
    const wideRows = run.filter((l) => l.segments.length >= 3).length;
    const table = run.length >= 3 && wideRows >= 2 ? makeTable(run) : null;
    if (table) {
      found.set(i, { end: j, block: table });
      i = j;
    } else {
      i = Math.max(i + 1, j);
    }
  }
  return found;
}

function makeTable(lines: readonly Line[]): Block | null {
  const spans = lines
    .filter((l) => l.segments.length >= 3)
    .flatMap((l) => l.segments.map((s) => [s.x0, s.x1] as [number, number]))
    .sort((a, b) => a[0] - b[0]);
  const columns: [number, number][] = [];
  for (const [x0, x1] of spans) {
    const last = columns.at(-1);
    if (last && x0 <= last[1] + 1) last[1] = Math.max(last[1], x1);
    else columns.push([x0, x1]);
  }
  if (columns.length < 3) return null;
  // A one-cell line closer to the line above than the table's rows are to each other is that
  // row's wrapped cell; further down, it is a row of its own (a section row).
  const rowStep = median(lines.slice(1).map((l, k) => l.y - lines[k]!.y));
  const rows: Line[][] = [];
  for (const [k, line] of lines.entries()) {
    const wraps = k > 0 && line.segments.length === 1 && line.y - lines[k - 1]!.y < 0.8 * rowStep;
    if (wraps && rows.length > 0) rows.at(-1)!.push(line);
    else rows.push([line]);
  }
  const cells = rows.map((row) => {
    const texts = columns.map(() => '');
    for (const seg of row.flatMap((line) => line.segments)) {
      // The column this cell overlaps most (or the nearest one for cells outside all columns).
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      columns.forEach(([c0, c1], k) => {
        const score = Math.min(c1, seg.x1) - Math.max(c0, seg.x0);
        if (score > bestScore) [best, bestScore] = [k, score];
      });
      texts[best] = texts[best] ? `${texts[best]} ${seg.text}` : seg.text;
    }
    return texts;
  });
  // Stream tables: every cell 1×1, the first row the header (as the pipe table has it).
  return tableBlock(
    cells.flatMap((row, r) =>
      row.map((text, c) => ({
        row: r,
        col: c,
        rowSpan: 1,
        colSpan: 1,
        text,
        bbox: cellBox(rows[r]!, columns[c]!),
      })),
    ),
    1,
    bboxOf(lines),
  );
}

const cellBox = (row: readonly Line[], [x0, x1]: [number, number]): BoundingBox => [
  Math.round(x0 * 100) / 100,
  Math.round(row[0]!.top * 100) / 100,
  Math.round(x1 * 100) / 100,
  Math.round(row.at(-1)!.bottom * 100) / 100,
];

export function blockMarkdown(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `${'#'.repeat(block.level ?? 1)} ${block.text.replace(/\s*\n\s*/g, ' ')}`;
    case 'list': {
      const text = block.text.replace(/\s*\n\s*/g, ' ');
      const indent = '  '.repeat(block.level ?? 0);
      const numbered = text.match(/^\(?(\d{1,3})[.)]\s+/);
      if (numbered) return `${indent}${numbered[1]}. ${text.slice(numbered[0].length)}`;
      return `${indent}- ${text.replace(BULLET, '')}`;
    }
    case 'code':
      return `\`\`\`\n${block.text}\n\`\`\``;
    case 'table':
      return tableMarkdown(block);
    case 'figure':
      return figureMarkdown(block);
    case 'notes':
      // Speaker notes: quoted, so they read as an aside to the slide and not as its body.
      return `> **Notes:** ${block.text.replace(/\s*\n\s*/g, ' ')}`;
    case 'paragraph':
    // Furniture reaches markdown only under keepFurniture, as the plain text it was.
    case 'header':
    case 'footer':
    case 'pageNumber':
    case 'watermark':
      // A paragraph starting with "#" or "1." would turn into a heading or list in markdown.
      return block.text.replace(/\s*\n\s*/g, ' ').replace(/^(#|>|\d+\.\s)/, '\\$1');
  }
}

/** Blocks → markdown; consecutive list items stay in one list (single newline). */
export function blocksMarkdown(blocks: readonly Block[]): string {
  let out = '';
  blocks.forEach((block, k) => {
    const sep = k === 0 ? '' : block.type === 'list' && blocks[k - 1]?.type === 'list' ? '\n' : '\n\n';
    out += sep + blockMarkdown(block);
  });
  return out;
}

export function blocksText(blocks: readonly Block[]): string {
  return blocks.map((b) => b.text).join('\n\n');
}
