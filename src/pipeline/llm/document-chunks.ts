/**
 * A document as the model reads it: pages in order, each headed by its number, packed into
 * chunks of at most `maxChars` on page boundaries. A page longer than that on its own is cut
 * between paragraphs, else between lines, else anywhere.
 */
import type { ParsedDocument, ParsedPage } from '../types.ts';

export interface DocumentChunk {
  /** First and last page it covers (1-based). */
  firstPage: number;
  lastPage: number;
  text: string;
}

export function chunkDocument(document: ParsedDocument, maxChars: number): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let current: DocumentChunk | null = null;
  for (const page of document.pages) {
    for (const piece of pagePieces(page, maxChars)) {
      if (current && current.text.length + 2 + piece.length <= maxChars) {
        current.text += `\n\n${piece}`;
        current.lastPage = page.page;
        continue;
      }
      current = { firstPage: page.page, lastPage: page.page, text: piece };
      chunks.push(current);
    }
  }
  return chunks.length > 0 ? chunks : [{ firstPage: 1, lastPage: 1, text: '' }];
}

/**
 * Markdown when the page has tables: their rows and columns survive, which models read far better
 * than flattened cells. Otherwise the text: markdown joins a paragraph's lines, and on a receipt
 * or an invoice without ruled tables each line is a row.
 */
export function pageText(page: ParsedPage): string {
  const hasTable = page.blocks.some((block) => block.type === 'table');
  const text = (hasTable && page.markdown.trim()) || page.text.trim() || page.markdown.trim();
  return text.replace(/\n{3,}/g, '\n\n');
}

function pagePieces(page: ParsedPage, maxChars: number): string[] {
  const header = `--- page ${page.page} ---`;
  const text = pageText(page);
  const whole = text ? `${header}\n${text}` : header;
  if (whole.length <= maxChars) return [whole];
  const room = Math.max(maxChars - header.length - 1, 1);
  return cut(text, room).map((part) => `${header}\n${part}`);
}

/** Pieces of at most `room` characters, cut at the last paragraph break, else line break, else space. */
function cut(text: string, room: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > room) {
    const head = rest.slice(0, room + 1);
    const at = [head.lastIndexOf('\n\n'), head.lastIndexOf('\n'), head.lastIndexOf(' ')].find(
      (index) => index > room / 2,
    );
    const end = at ?? room;
    pieces.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(end).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
