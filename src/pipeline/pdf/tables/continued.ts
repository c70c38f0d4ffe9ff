/**
 * A table continued over a page break: the first block of a page is a table with as many columns
 * as the table that ends the page before it (running heads and page numbers between them do not
 * count). Such a table is marked `continued`; merging it into the one before is a document-level
 * choice (`options.mergeTables`).
 */
import type { Block, ParsedPage } from '../../types.ts';
import { gridOf } from './cells.ts';

/** Block types that are page furniture, not content (set by the furniture pass when it runs). */
const furniture = new Set(['header', 'footer', 'pageNumber']);
const content = (blocks: readonly Block[]) => blocks.filter((b) => !furniture.has(b.type));
const width = (b: Block) => (b.cells ? gridOf(b.cells)[0]?.length : b.rows?.[0]?.length) ?? 0;

export function markContinued(pages: readonly Pick<ParsedPage, 'blocks'>[]): void {
  for (let k = 1; k < pages.length; k++) {
    const last = content(pages[k - 1]!.blocks).at(-1);
    const first = content(pages[k]!.blocks)[0];
    if (last?.type === 'table' && first?.type === 'table' && width(last) === width(first) && width(first) > 0)
      first.continued = true;
  }
}
