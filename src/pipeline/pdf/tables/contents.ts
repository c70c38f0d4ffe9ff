/**
 * A table of contents as a table: entries set as "title . . . . . page" (dot leaders and a page
 * number), or as a title and a page number flush right with a wide gap between, read as rows of
 * two cells, title and page, as docling reads a contents list (its `document_index`, stored among
 * the tables). The leaders are layout, not text, and leave the title. Pure geometry and text.
 */
import type { Block, BoundingBox, TableCell } from '../../types.ts';
import type { Line } from '../layout.ts';
import { tableBlock } from './cells.ts';

/** A page label: an arabic or roman number, or a chapter-page number ("3-12", "A-4"). */
const PAGE = /^(?:\d{1,4}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8}|[A-Z\d]{1,3}[-–]\d{1,4})$/;
/** What a leader is made of; spaces too, so the page label is the line's last word. */
const LEADER = new Set(['.', '·', '…', ' ', '\u00a0']);

/** Fewer entries in a row are a line or two of prose that happen to end in "... 12". */
const MIN_ENTRIES = 3;
/** Page numbers of one contents list end within this many em of each other (right-aligned). */
const RIGHT_EDGE_EM = 3;
/** Page numbers of a contents list without leaders end within this many em of each other. */
const GAPPED_EDGE_EM = 1;
/** A title line without a leader that fills this much of the entries' width wrapped onto the next. */
const WRAPPED_WIDTH = 0.6;

interface Entry {
  title: string;
  page: string;
  /** Set with a dot leader; without one, the title and the page are two segments of the line. */
  leader: boolean;
}

/**
 * Title, leader (three or more dots, spaced or not, or an ellipsis) and page label. Read from the
 * line's end by hand: a regular expression would try every start of a long line of dots.
 */
export function contentsEntry(line: Line): Entry | null {
  const text = line.text.trim();
  let end = text.length;
  // The page label: the last word, or what follows the last dot when the leader touches it.
  while (end > 0 && !LEADER.has(text[end - 1]!)) end--;
  const page = text.slice(end);
  if (!PAGE.test(page)) return null;
  let dots = 0;
  while (end > 0 && LEADER.has(text[end - 1]!)) {
    end--;
    dots += text[end] === '…' ? 3 : text[end] === '.' || text[end] === '·' ? 1 : 0;
  }
  const title = text.slice(0, end);
  if (dots >= 3 && /[\p{L}\p{N}]/u.test(title)) return { title, page, leader: true };
  return gappedEntry(line);
}

/**
 * "Title          12": a title and a page label, the line's only two segments. Three or more are
 * a stream table's row (its last column may well hold small numbers), not an entry.
 */
function gappedEntry(line: Line): Entry | null {
  if (line.segments.length !== 2) return null;
  const [title, page] = line.segments.map((s) => s.text.trim()) as [string, string];
  if (!PAGE.test(page) || !/\p{L}/u.test(title)) return null;
  return { title, page, leader: false };
}

/**
 * Runs of ≥ MIN_ENTRIES contents entries going down the page with their page numbers lined up,
 * keyed by the first line's index (as findTables and findCode). A line without a leader between
 * two entries is either the first half of the next entry's title (it fills most of the width: the
 * title wrapped) or a row of its own with no page ("Part II", an appendix's heading).
 */
export function findContents(lines: readonly Line[]): Map<number, { end: number; block: Block }> {
  const found = new Map<number, { end: number; block: Block }>();
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    let last = contentsEntry(first);
    if (!last) {
      i++;
      continue;
    }
    // An entry of the list: page numbers lined up at its right edge. Without a leader, a title
    // and a number apart are common outside contents too, so the number must also be flush right
    // with the first entry's and the pages must go on (never back) from the entry before.
    const entryOf = (l: Line) => {
      const entry = contentsEntry(l);
      const edge = Math.abs(l.x1 - first.x1);
      if (!entry || edge > RIGHT_EDGE_EM * first.size) return null;
      if (entry.leader) return entry;
      return edge <= GAPPED_EDGE_EM * first.size && !pagesBack(last!, entry) ? entry : null;
    };
    const follows = (k: number) => {
      const step = lines[k]!.y - lines[k - 1]!.y;
      return step > 0 && step <= 3 * lines[k]!.size;
    };
    /** Each line's entry, or null for a line between two entries. */
    const run: (Entry | null)[] = [last];
    let j = i + 1;
    while (j < lines.length && follows(j)) {
      const entry = entryOf(lines[j]!);
      // One line that is no entry, when an entry follows it.
      const next = entry ? null : j + 1 < lines.length && follows(j + 1) ? entryOf(lines[j + 1]!) : null;
      if (!entry && !next) break;
      run.push(entry);
      last = entry ?? last;
      j++;
    }
    if (run.filter(Boolean).length >= MIN_ENTRIES) {
      found.set(i, { end: j, block: contentsTable(lines.slice(i, j), run) });
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

/** Whether `next`'s page comes before `prev`'s (arabic after arabic, roman after roman). */
function pagesBack(prev: Entry, next: Entry): boolean {
  const [a, b] = [pageNumber(prev.page), pageNumber(next.page)];
  return a !== null && b !== null && a.roman === b.roman && b.value < a.value;
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };

function pageNumber(page: string): { value: number; roman: boolean } | null {
  if (/^\d+$/.test(page)) return { value: Number(page), roman: false };
  const digits = [...page.toLowerCase()].map((ch) => ROMAN[ch]);
  if (digits.some((d) => d === undefined)) return null;
  const value = digits.reduce<number>((sum, d, k) => sum + (d! < (digits[k + 1] ?? 0) ? -d! : d!), 0);
  return { value, roman: true };
}

function contentsTable(lines: readonly Line[], entries: readonly (Entry | null)[]): Block {
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  const rows: { lines: Line[]; entry: Entry | null }[] = [];
  let pending: Line | null = null;
  for (const [k, line] of lines.entries()) {
    const entry = entries[k];
    if (!entry) {
      if (line.x1 - x0 >= WRAPPED_WIDTH * (x1 - x0)) pending = line;
      else rows.push({ lines: [line], entry: null });
      continue;
    }
    if (pending) {
      rows.push({
        lines: [pending, line],
        entry: { ...entry, title: `${pending.text.trim()} ${entry.title}` },
      });
      pending = null;
    } else rows.push({ lines: [line], entry });
  }
  const cells: TableCell[] = rows.flatMap(({ lines: own, entry }, row) => {
    const last = own.at(-1)!;
    const [top, bottom] = [Math.min(...own.map((l) => l.top)), last.bottom];
    if (!entry) return [cell(row, 0, last.text.trim(), box(last.x0, top, last.x1, bottom))];
    const pageX0 = pageStart(last, entry.page);
    return [
      cell(row, 0, entry.title, box(own[0]!.x0, top, pageX0, bottom)),
      cell(row, 1, entry.page, box(pageX0, top, last.x1, bottom)),
    ];
  });
  const top = Math.min(...lines.map((l) => l.top));
  const bottom = Math.max(...lines.map((l) => l.bottom));
  // No header row: every row is an entry.
  return tableBlock(cells, 0, box(x0, top, x1, bottom));
}

/**
 * Where the page number starts: its own segment when the leader left a gap before it, else
 * estimated from its characters (~0.55 em each: figures are half an em in most text faces).
 */
function pageStart(line: Line, page: string): number {
  const seg = line.segments.at(-1);
  if (seg && seg.text.trim() === page) return seg.x0;
  return Math.max(line.x0, line.x1 - page.length * 0.55 * line.size);
}

const cell = (row: number, col: number, text: string, bbox: BoundingBox): TableCell => ({
  row,
  col,
  rowSpan: 1,
  colSpan: 1,
  text,
  bbox,
});
const r = (n: number) => Math.round(n * 100) / 100;
const box = (x0: number, y0: number, x1: number, y1: number): BoundingBox => [r(x0), r(y0), r(x1), r(y1)];
