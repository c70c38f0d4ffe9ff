/** Markdown helpers shared by the PDF, HTML, DOCX and text parsers (no dependencies: the PDF worker loads it). */
import type { Block } from './types.ts';

export function pipeTable(rows: readonly (readonly string[])[]): string {
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (width === 0) return '';
  const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|');
  const line = (r: readonly string[]) =>
    `| ${Array.from({ length: width }, (_, k) => cell(r[k])).join(' | ')} |`;
  const [head, ...body] = rows;
  return [line(head ?? []), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

/**
 * Markdown → plain text, lightly: drops heading/list/quote markers, emphasis,
 * link targets, images, code fences and table pipes, keeping the words and
 * line structure. Not a markdown parser; good enough for search and scoring.
 */
export function stripMarkdown(markdown: string): string {
  return (
    markdown
      .replace(/^```.*$/gm, '')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<\/?[a-zA-Z][^>]*>/g, '')
      .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
      .replace(/^[ \t]{0,3}>[ \t]?/gm, '')
      .replace(/^[ \t]*([-*+]|\d+[.)])[ \t]+/gm, '')
      // Table rows: drop the |---| rule and outer pipes, cells become tab-separated.
      .replace(/^[ \t]*\|?([ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(:?-*:?)?[ \t]*(\n|$)/gm, '')
      .replace(/^[ \t]*\|[ \t]?|[ \t]?\|[ \t]*$/gm, '')
      .replace(/[ \t]\|[ \t]/g, '\t')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, '$1')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/**
 * Splits markdown into blocks at blank lines (headings, list runs, pipe tables,
 * paragraphs). Formats without geometry get bbox null.
 */
export function markdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of markdown.split(/\n\s*\n/)) {
    const part = chunk.trim();
    if (part === '') continue;
    const heading = part.match(/^(#{1,6})\s+(.+)$/);
    if (heading && !part.includes('\n')) {
      blocks.push({
        type: 'heading',
        level: heading[1]!.length,
        text: stripMarkdown(heading[2]!),
        bbox: null,
      });
    } else if (/^\|.*\|$/.test(part.split('\n')[0] ?? '')) {
      const rows = part
        .split('\n')
        .filter((l) => !/^\|?(\s*:?-{3,}:?\s*\|)+/.test(l.trim()))
        .map((l) =>
          l
            .trim()
            .replace(/^\||\|$/g, '')
            .split(/(?<!\\)\|/)
            .map((c) => c.trim().replace(/\\\|/g, '|')),
        );
      blocks.push({ type: 'table', text: rows.map((r) => r.join('\t')).join('\n'), bbox: null, rows });
    } else if (/^\s*([-*+]|\d+[.)])\s+/.test(part)) {
      blocks.push({ type: 'list', text: stripMarkdown(part), bbox: null });
    } else {
      blocks.push({ type: 'paragraph', text: stripMarkdown(part), bbox: null });
    }
  }
  return blocks;
}
