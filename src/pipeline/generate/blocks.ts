/**
 * What a template's markup becomes before layout: the subset of Markdown and HTML a generated
 * document may use (headings, paragraphs, bold/italic, lists, tables, rules, page breaks). Both
 * markup readers (markdown-blocks.ts, html-blocks.ts) produce this, and layout.ts reads only this.
 */

export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
}

export type Align = 'left' | 'center' | 'right';

export interface TableCell {
  runs: Run[];
  align: Align;
}

export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[]; align: Align }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'table'; header: TableCell[] | null; rows: TableCell[][] }
  | { kind: 'rule' }
  | { kind: 'pageBreak' };

export type MarkupFormat = 'markdown' | 'html';

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  euro: '€',
  pound: '£',
  copy: '©',
  reg: '®',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  middot: '·',
  times: '×',
  deg: '°',
};

/** &amp; &#233; &#xE9; and the common named ones; an unknown entity stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

/** A value made literal text of the markup: HTML-escaped, and in Markdown its marks backslashed too. */
export function escapeFor(format: MarkupFormat): (text: string) => string {
  const html = (text: string) =>
    text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  if (format === 'html') return html;
  return (text) => html(text).replace(/[\\`*_[\]|#+!{}~-]/g, '\\$&');
}

/** Runs with their neighbours of the same style joined, empty ones dropped. */
export function mergeRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = out.at(-1);
    if (last && last.bold === run.bold && last.italic === run.italic) last.text += run.text;
    else out.push({ ...run });
  }
  return out;
}
