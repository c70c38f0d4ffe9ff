/**
 * ODT content.xml (office:text) → HTML: headings by outline level, lists nested as written,
 * tables with column spans, footnotes gathered at the end, frames' pictures as <img alt>.
 * Text from the XML stays escaped, so it goes into the HTML as is.
 */
import { permanent } from '../../../core/errors.ts';
import {
  attr,
  childrenOf,
  escapeHtml,
  maxXmlDepth,
  tagOf,
  textOf,
  unescapeXml,
  type XmlNode,
} from '../textdocs/xml.ts';
import { type OdtStyles, styleProperty } from './odt-styles.ts';

/** Repeated rows/cells (LibreOffice writes a row repeated 1,048,000 times to fill a sheet) are capped. */
const maxRepeat = 100;

interface Context {
  styles: OdtStyles;
  notes: string[];
}

export function odtBodyHtml(body: XmlNode[], styles: OdtStyles): string {
  const ctx: Context = { styles, notes: [] };
  let html = render(body, ctx, 0);
  if (ctx.notes.length > 0) {
    html += `<ol>${ctx.notes.map((n) => `<li>${n}</li>`).join('')}</ol>`;
  }
  return html;
}

function render(nodes: XmlNode[], ctx: Context, depth: number): string {
  if (depth > maxXmlDepth) throw permanent('PARSE_ERROR', 'the document nests elements too deeply');
  let out = '';
  for (const node of nodes) {
    if (typeof node['#text'] === 'string') {
      out += node['#text'];
      continue;
    }
    out += element(node, ctx, depth + 1);
  }
  return out;
}

function element(node: XmlNode, ctx: Context, depth: number): string {
  const tag = tagOf(node);
  const inner = () => render(childrenOf(node), ctx, depth);
  switch (tag) {
    case 'text:h': {
      const level = clampLevel(Number(attr(node, 'text:outline-level') ?? 1));
      return `<h${level}>${inner()}</h${level}>`;
    }
    case 'text:p': {
      const level = styleProperty(ctx.styles, attr(node, 'text:style-name'), 'outlineLevel');
      if (level) return `<h${clampLevel(level)}>${inner()}</h${clampLevel(level)}>`;
      return `<p>${inner()}</p>`;
    }
    case 'text:span': {
      let html = inner();
      const style = attr(node, 'text:style-name');
      if (styleProperty(ctx.styles, style, 'bold')) html = `<strong>${html}</strong>`;
      if (styleProperty(ctx.styles, style, 'italic')) html = `<em>${html}</em>`;
      return html;
    }
    case 'text:a':
      return `<a href="${attr(node, 'xlink:href') ?? ''}">${inner()}</a>`;
    case 'text:list': {
      const items = inner();
      // Numbered headings come wrapped in a list: they stay headings.
      return items.includes('<li>') ? `<ul>${items}</ul>` : items;
    }
    case 'text:list-item':
    case 'text:list-header':
      return listItem(node, ctx, depth);
    case 'text:s':
      return ' '.repeat(Math.min(Math.max(Number(attr(node, 'text:c') ?? 1) || 1, 1), 100));
    case 'text:tab':
      return '\t';
    case 'text:line-break':
      return '<br>';
    case 'text:note': {
      const body = childrenOf(node).find((c) => tagOf(c) === 'text:note-body');
      ctx.notes.push(body ? render(childrenOf(body), ctx, depth) : '');
      return `<sup>[${ctx.notes.length}]</sup>`;
    }
    case 'table:table':
      return table(node, ctx, depth);
    case 'draw:frame':
      return frame(node, ctx, depth);
    // Not the document's text: revision history, comments, field declarations, a TOC's template.
    case 'text:tracked-changes':
    case 'office:annotation':
    case 'office:annotation-end':
    case 'text:sequence-decls':
    case 'text:variable-decls':
    case 'text:user-field-decls':
    case 'office:forms':
    case 'text:index-title-template':
    case 'text:table-of-content-source':
    case 'text:alphabetical-index-source':
    case 'text:illustration-index-source':
      return '';
    default:
      return inner();
  }
}

/** An item's paragraphs as lines of one item: <p> inside <li> would make a loose list. */
function listItem(node: XmlNode, ctx: Context, depth: number): string {
  const children = childrenOf(node);
  const html = render(children, ctx, depth);
  if (children.some((c) => tagOf(c) === 'text:h')) return html;
  const lines = html
    .replace(/<\/p>\s*<p>/g, '<br>')
    .replace(/<\/?p>/g, '')
    .replace(/<br>(\s*<ul>)/g, '$1');
  return `<li>${lines}</li>`;
}

function clampLevel(level: number): number {
  return Number.isFinite(level) ? Math.min(Math.max(Math.round(level), 1), 6) : 1;
}

function table(node: XmlNode, ctx: Context, depth: number): string {
  const rows: string[] = [];
  const collect = (nodes: XmlNode[], d: number) => {
    if (d > maxXmlDepth) return;
    for (const child of nodes) {
      const tag = tagOf(child);
      if (tag === 'table:table-row') {
        const cells = childrenOf(child).flatMap((cell) => tableCell(cell, ctx, depth + d));
        while (cells.length > 0 && cells[cells.length - 1] === '<td></td>') cells.pop();
        if (cells.length === 0) continue;
        const repeat = Math.min(Number(attr(child, 'table:number-rows-repeated') ?? 1) || 1, maxRepeat);
        for (let i = 0; i < repeat; i++) rows.push(`<tr>${cells.join('')}</tr>`);
      } else if (
        tag === 'table:table-header-rows' ||
        tag === 'table:table-rows' ||
        tag === 'table:table-row-group'
      ) {
        collect(childrenOf(child), d + 1);
      }
    }
  };
  collect(childrenOf(node), 1);
  return `<table>${rows.join('')}</table>`;
}

function tableCell(cell: XmlNode, ctx: Context, depth: number): string[] {
  if (tagOf(cell) !== 'table:table-cell') return [];
  // A cell's paragraphs become one line each; nested block markup would break the pipe table.
  const text = childrenOf(cell)
    .map((c) =>
      render([c], ctx, depth)
        .replace(/<\/?(p|h\d)>/g, ' ')
        .trim(),
    )
    .filter((t) => t !== '')
    .join('<br>');
  const span = Number(attr(cell, 'table:number-columns-spanned') ?? 1);
  const colspan = span > 1 ? ` colspan="${Math.min(span, 1000)}"` : '';
  const repeat = Math.min(Number(attr(cell, 'table:number-columns-repeated') ?? 1) || 1, maxRepeat);
  return Array.from({ length: repeat }, () => `<td${colspan}>${text}</td>`);
}

/** A frame holds a picture (with a title/description as its alt) or a text box. */
function frame(node: XmlNode, ctx: Context, depth: number): string {
  const children = childrenOf(node);
  const described = children.find((c) => tagOf(c) === 'svg:title' || tagOf(c) === 'svg:desc');
  const alt = described ? unescapeXml(textOf(childrenOf(described))) : (attr(node, 'draw:name') ?? '');
  let out = '';
  for (const child of children) {
    const tag = tagOf(child);
    if (tag === 'draw:image' && !out.includes('<img')) out += `<img alt="${escapeHtml(alt.trim())}" src="">`;
    else if (tag === 'draw:text-box') out += render(childrenOf(child), ctx, depth);
  }
  return out;
}
