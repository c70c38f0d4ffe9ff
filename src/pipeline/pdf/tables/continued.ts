/**
 * A table continued over a page break: the first block of a page is a table with as many columns
 * as the table that ends the page before it (running heads, footers and page numbers between them
 * do not count, so this runs once furniture is marked). Such a table is marked `continued`;
 * merging it into the one before is a document-level choice (`options.mergeTables`).
 */
import type { Block, ParsedPage, TableCell } from '../../types.ts';
import { gridOf, tableBlock } from './cells.ts';

/** Block types that are page furniture, not content (set by the furniture pass). */
const furniture = new Set(['header', 'footer', 'pageNumber', 'watermark']);
const width = (b: Block) => (b.cells ? gridOf(b.cells)[0]?.length : b.rows?.[0]?.length) ?? 0;
const firstContent = (blocks: readonly Block[]) => blocks.findIndex((b) => !furniture.has(b.type));
const lastContent = (blocks: readonly Block[]) => blocks.findLastIndex((b) => !furniture.has(b.type));

type PageBlocks = Pick<ParsedPage, 'page' | 'blocks'>;

/** The pages with each continuing table marked (new block objects; pages without one as they were). */
export function markContinued<P extends PageBlocks>(pages: readonly P[]): P[] {
  return pages.map((page, k) => {
    const before = pages[k - 1];
    // Pages left out by options.pages break the run: the table may end on a page not read.
    if (!before || before.page !== page.page - 1) return page;
    const last = before.blocks[lastContent(before.blocks)];
    const at = firstContent(page.blocks);
    const first = page.blocks[at];
    if (last?.type !== 'table' || first?.type !== 'table' || first.continued) return page;
    if (width(first) === 0 || width(first) !== width(last)) return page;
    const blocks = page.blocks.map((b, i) => (i === at ? { ...b, continued: true } : b));
    return { ...page, blocks };
  });
}

/**
 * Each continued table's rows appended to the table it continues (the start may lie several pages
 * back), without the header rows it repeats; the continued block leaves its page. Cells that came
 * from another page carry that `page` (their bbox is on it), and the table lists `continuedOn`.
 * Returns the pages and the numbers of those whose blocks changed.
 */
export function mergeContinued<P extends PageBlocks>(
  pages: readonly P[],
): { pages: P[]; changed: Set<number> } {
  const out = pages.map((page) => ({ ...page, blocks: [...page.blocks] }));
  const changed = new Set<number>();
  /** Where the table being continued lives: its page index and block index. */
  let open: { k: number; i: number } | null = null;
  for (const [k, page] of out.entries()) {
    const at = firstContent(page.blocks);
    const first = page.blocks[at];
    if (open && first?.type === 'table' && first.continued && first.cells) {
      const start = out[open.k]!.blocks[open.i]!;
      out[open.k]!.blocks[open.i] = appendRows(start, first, page.page);
      page.blocks.splice(at, 1);
      changed.add(out[open.k]!.page).add(page.page);
    }
    // The last content block of this page, if a table, is what the next page may continue —
    // unless the page held nothing but the continuation, which then still goes on from `open`.
    const last = lastContent(page.blocks);
    const lastBlock = page.blocks[last];
    if (lastBlock?.type === 'table' && lastBlock.cells) open = { k, i: last };
    else if (!(last < 0 && open)) open = null;
  }
  return { pages: out, changed };
}

function appendRows(start: Block, more: Block, page: number): Block {
  const cells = start.cells ?? [];
  const height = gridOf(cells).length;
  const repeated = repeatedHeaderRows(start, more);
  const added: TableCell[] = (more.cells ?? [])
    .filter((c) => c.row >= repeated)
    .map((c) => ({ ...c, row: c.row - repeated + height, page }));
  const merged = tableBlock([...cells, ...added], start.headerRows ?? 0, start.bbox);
  const continuedOn = [...(start.continuedOn ?? []), page];
  return { ...start, ...merged, continuedOn };
}

/** How many of `more`'s first rows repeat `start`'s header rows (or its first row, when it has none marked). */
function repeatedHeaderRows(start: Block, more: Block): number {
  const a = gridOf(start.cells ?? []);
  const b = gridOf(more.cells ?? []);
  const norm = (row: readonly string[] | undefined) =>
    row?.map((s) => s.replace(/\s+/g, ' ').trim()).join('\t');
  const headers = Math.max(1, start.headerRows ?? 0);
  let n = 0;
  while (n < headers && n < b.length - 1 && norm(a[n]) === norm(b[n])) n++;
  return n;
}
