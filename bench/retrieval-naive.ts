/**
 * The naive baseline of the retrieval bench: a document's text (its pages' text, furniture left
 * out as the parse leaves it) cut every `size` tokens, wherever that falls (mid-sentence, mid-table,
 * mid-word), with no overlap and no heading context; what a RAG tutorial's "split into 512-token
 * chunks" does. Each window knows the pages its tokens came from.
 */
import type { Tokenizer } from '../src/pipeline/chunk/tokenizer.ts';
import type { ParsedDocument } from '../src/pipeline/types.ts';

export interface Window {
  text: string;
  pages: number[];
}

export function naiveWindows(document: ParsedDocument, tokenizer: Tokenizer, size = 512): Window[] {
  const tokens: number[] = [];
  const pageOf: number[] = [];
  for (const page of document.pages) {
    if (page.text.trim() === '') continue;
    // Pages one after another, as the document's text joins them (a blank line between).
    const encoded = tokenizer.encode(tokens.length > 0 ? `\n\n${page.text}` : page.text);
    for (const token of encoded) {
      tokens.push(token);
      pageOf.push(page.page);
    }
  }
  const windows: Window[] = [];
  for (let start = 0; start < tokens.length; start += size) {
    const end = Math.min(tokens.length, start + size);
    windows.push({
      text: tokenizer.decode(tokens.slice(start, end)),
      pages: [...new Set(pageOf.slice(start, end))].sort((a, b) => a - b),
    });
  }
  return windows;
}
