/**
 * The document-level furniture step (read-document.ts runs it once every page, text layer or
 * OCR, is final): furniture blocks get their type, and unless `keep` the page's text and
 * markdown are made again without them. Pages without furniture are returned as they were, so
 * their markdown stays byte for byte what the page's own reader made.
 */
import { ocrMarkdown } from '../ocr/ocr-page.ts';
import { blocksMarkdown, blocksText } from '../pdf/blocks.ts';
import type { Block, ParsedPage } from '../types.ts';
import { findFurniture } from './furniture.ts';

export function markFurniture(pages: readonly ParsedPage[], keep: boolean): ParsedPage[] {
  const kinds = findFurniture(pages);
  return pages.map((page, k) => {
    const marks = kinds[k]!;
    if (marks.every((kind) => kind === null)) return page;
    const blocks: Block[] = page.blocks.map((block, i) => {
      const kind = marks[i];
      return kind ? { ...block, type: kind } : block;
    });
    if (keep) return { ...page, blocks };
    const body = blocks.filter((_, i) => marks[i] === null);
    const markdown = page.source === 'ocr' ? ocrMarkdown(body.map((b) => b.text)) : blocksMarkdown(body);
    return { ...page, blocks, text: blocksText(body), markdown };
  });
}
