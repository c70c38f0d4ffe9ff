/**
 * HTML files: turndown to markdown (scripts and styles dropped), text from
 * that markdown, title from <title>. One page.
 */
import TurndownService from 'turndown';
import { permanent } from '../core/errors.ts';
import { markdownBlocks, pipeTable, stripMarkdown } from './markdown.ts';
import { singlePage } from './single-page.ts';
import { decodeUtf8 } from './text.ts';
import type { ParsedDocument } from './types.ts';

export function parseHtml(bytes: Uint8Array): ParsedDocument {
  const html = decodeUtf8(bytes);
  const title = decodeEntities(html.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '').trim() || null;
  const markdown = htmlToMarkdown(html);
  return singlePage({
    kind: 'html',
    text: stripMarkdown(markdown),
    markdown,
    title,
    blocks: markdownBlocks(markdown),
  });
}

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return s
    .replace(/&#(\d+);/g, (_, n: string) => codePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => codePoint(Number.parseInt(n, 16)))
    .replace(/&([a-z]+);/gi, (m, n: string) => named[n.toLowerCase()] ?? m);
}

/**
 * A numeric character reference as the HTML standard reads it: NUL, surrogates and anything past
 * U+10FFFF become U+FFFD. String.fromCodePoint threw a RangeError on `&#99999999;`, which failed
 * the job as a transient INTERNAL_ERROR, retried to no avail.
 */
function codePoint(n: number): string {
  const replacement = n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff);
  return replacement ? '\ufffd' : String.fromCodePoint(n);
}

/**
 * HTML → markdown with tables kept as GFM pipe tables (turndown alone
 * flattens a table into a run of cell texts; mammoth's own markdown does too).
 */
export function htmlToMarkdown(html: string): string {
  const service = makeService();
  let markdown: string;
  try {
    markdown = service.turndown(html);
  } catch (error) {
    // turndown walks the tree recursively: 10,000 nested elements (a 60 KB file) overflow the
    // stack. The same bytes overflow it on every try, so this is the input's fault, not a retry's.
    if (error instanceof RangeError)
      throw permanent('PARSE_ERROR', 'the HTML is nested too deeply to read', error);
    throw error;
  }
  return tidy(markdown);
}

function makeService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
  });
  // turndown parses the string inside a wrapper element, so <head> vanishes but <title> survives: drop it too.
  service.remove(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link']);
  service.addRule('table', {
    filter: 'table',
    replacement: (_content, node) => {
      const cellService = new TurndownService();
      const rows = Array.from((node as HTMLElementLike).querySelectorAll('tr')).map((tr) =>
        Array.from(tr.querySelectorAll('th, td')).map((cell) =>
          cellService
            .turndown(cell.innerHTML)
            .replace(/\s*\n+\s*/g, ' ')
            .trim(),
        ),
      );
      return `\n\n${pipeTable(rows)}\n\n`;
    },
  });
  return service;
}

/** Just what the table rule needs from turndown's DOM (no DOM lib in this tsconfig). */
interface HTMLElementLike {
  innerHTML: string;
  querySelectorAll(selector: string): Iterable<HTMLElementLike>;
}

function tidy(markdown: string): string {
  return markdown.replace(/\n{3,}/g, '\n\n').trim();
}
