/**
 * The part of a document a classifier reads. What a document is shows at its start (title,
 * letterhead, "Invoice", "Abstract", a table of contents) and at its end (references, closing
 * and signature, totals); the middle of a 300-page book says little more than its first pages.
 * Capping the text keeps classification within a few milliseconds whatever the document's size,
 * and keeps a prompt for an LLM engine within its context.
 */
import type { ParsedDocument } from '../types.ts';

/** ~5,000 words: the first pages of a paper or a manual, all of any receipt or letter. */
export const defaultSampleChars = 30_000;
/** Of the budget, the share kept for the last pages when the document is longer than it. */
const tailShare = 0.3;

/** The document's text, or its first pages and its last ones joined by a blank line when it is long. */
export function sampleText(document: ParsedDocument, maxChars = defaultSampleChars): string {
  const pages = document.pages.map((p) => p.text).filter((t) => t.trim() !== '');
  if (pages.length === 0) return (document.text ?? '').trim().slice(0, maxChars);
  const total = pages.reduce((n, t) => n + t.length + 2, 0);
  if (total <= maxChars) return pages.join('\n\n');
  const head = takePages(pages, Math.round(maxChars * (1 - tailShare)), 'start');
  const rest = pages.slice(head.length).reverse();
  const tail = takePages(rest, maxChars - head.join('\n\n').length - 2, 'end').reverse();
  return [...head, ...tail].join('\n\n');
}

/**
 * Whole pages while they fit; the page that does not fit is cut, keeping its start at the head of
 * the document and its end at the tail (where references and signatures are).
 */
function takePages(pages: readonly string[], budget: number, keep: 'start' | 'end'): string[] {
  const texts: string[] = [];
  let used = 0;
  for (const page of pages) {
    const room = budget - used;
    if (room <= 0) break;
    const piece = page.length <= room ? page : keep === 'start' ? page.slice(0, room) : page.slice(-room);
    texts.push(piece);
    used += piece.length + 2;
  }
  return texts;
}
