/**
 * `?format=html`: the document as semantic HTML, from its blocks — one <section> per page,
 * headings as <h1>…<h6>, paragraphs, lists (consecutive items in one <ul> or <ol>), tables with
 * their header row in <thead>. A consumer that wants structure without parsing markdown reads this.
 */
import { htmlTable } from './pdf/tables/cells.ts';
import type { Block, ParsedDocument } from './types.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => escapes[c]!);
const inline = (text: string) => escapeHtml(text.replace(/\s*\n\s*/g, ' '));

const NUMBERED_ITEM = /^\(?(\d{1,3})[.)]\s+/;
const BULLET_ITEM = /^[•◦▪▫●○■□·‣⁃∙*–—-]\s+/u;

/** Running heads, footers, page numbers and watermarks: left out unless `keepFurniture`, as in markdown. */
const furniture = new Set<Block['type']>(['header', 'footer', 'pageNumber', 'watermark']);

export function documentHtml(document: ParsedDocument, { keepFurniture = false } = {}): string {
  const title = document.metadata.title ?? 'document';
  const pages = document.pages
    .map((page) => {
      const blocks = keepFurniture ? page.blocks : page.blocks.filter((block) => !furniture.has(block.type));
      return `<section data-page="${page.page}">\n${blocksHtml(blocks)}\n</section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
</head>
<body>
${pages}
</body>
</html>
`;
}

export function blocksHtml(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (let k = 0; k < blocks.length; k++) {
    const block = blocks[k]!;
    if (block.type !== 'list') {
      out.push(blockHtml(block));
      continue;
    }
    const items: Block[] = [];
    while (blocks[k]?.type === 'list') items.push(blocks[k++]!);
    k--;
    out.push(listHtml(items));
  }
  return out.join('\n');
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, block.level ?? 1));
      return `<h${level}>${inline(block.text)}</h${level}>`;
    }
    case 'table':
      // Tables read from a PDF carry cells with spans; those from markdown-like formats only rows.
      return block.cells?.length
        ? htmlTable(block.cells, block.headerRows ?? 0)
        : tableHtml(block.rows ?? []);
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'figure': {
      const caption = block.caption ? `<figcaption>${inline(block.caption)}</figcaption>` : '';
      const alt = escapeHtml((block.caption ?? '').replace(/\s*\n\s*/g, ' '));
      return `<figure><img src="figures/${escapeHtml(block.name ?? '')}" alt="${alt}">${caption}</figure>`;
    }
    case 'notes':
      return `<aside class="notes">${inline(block.text)}</aside>`;
    case 'header':
      return `<header>${inline(block.text)}</header>`;
    case 'footer':
    case 'pageNumber':
      return `<footer>${inline(block.text)}</footer>`;
    default:
      return `<p>${inline(block.text)}</p>`;
  }
}

function listHtml(items: readonly Block[]): string {
  const numbered = NUMBERED_ITEM.test(items[0]!.text.trim());
  const tag = numbered ? 'ol' : 'ul';
  const lines = items.map((item) => {
    const text = item.text.trim().replace(numbered ? NUMBERED_ITEM : BULLET_ITEM, '');
    return `<li>${inline(text)}</li>`;
  });
  return `<${tag}>\n${lines.join('\n')}\n</${tag}>`;
}

/** The first row is the header row, as in the markdown pipe table. */
function tableHtml(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<table></table>';
  const row = (cells: readonly string[], tag: 'th' | 'td') =>
    `<tr>${cells.map((cell) => `<${tag}>${inline(cell)}</${tag}>`).join('')}</tr>`;
  const [head, ...body] = rows;
  const tbody = body.length > 0 ? `\n<tbody>\n${body.map((r) => row(r, 'td')).join('\n')}\n</tbody>` : '';
  return `<table>\n<thead>\n${row(head!, 'th')}\n</thead>${tbody}\n</table>`;
}
