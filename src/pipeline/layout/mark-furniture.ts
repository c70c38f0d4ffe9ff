/**
 * The document-level furniture step (read-document.ts runs it once every page, text layer or
 * OCR, is final): furniture blocks get their type, and unless `keep` the page's text and
 * markdown are made again without them. Pages without furniture are returned as they were, so
 * their markdown stays byte for byte what the page's own reader made.
 */
import { ocrBlocksMarkdown } from '../ocr/ocr-layout.ts';
import { blocksMarkdown, blocksText } from '../pdf/blocks.ts';
import type { Block, BoundingBox, OcrLine, ParsedPage } from '../types.ts';
import { findFurniture } from './furniture.ts';

export function markFurniture(pages: readonly ParsedPage[], keep: boolean): ParsedPage[] {
  const split = pages.map((page) => (page.source === 'ocr' ? splitOcrBlocks(page) : page.blocks));
  const kinds = findFurniture(pages.map((page, k) => ({ ...page, blocks: split[k]! })));
  return pages.map((page, k) => {
    const marks = kinds[k]!;
    if (marks.every((kind) => kind === null)) return page;
    const blocks: Block[] = split[k]!.map((block, i) => {
      const kind = marks[i];
      return kind ? { ...block, type: kind } : block;
    });
    return keep ? { ...page, blocks } : withBlocks(page, blocks, false);
  });
}

const furnitureTypes: ReadonlySet<string> = new Set(['header', 'footer', 'pageNumber', 'watermark']);

/** The page with new blocks, its text and markdown made again from them (furniture left out unless `keep`). */
export function withBlocks(page: ParsedPage, blocks: Block[], keep: boolean): ParsedPage {
  const body = keep ? blocks : blocks.filter((block) => !furnitureTypes.has(block.type));
  const markdown = page.source === 'ocr' ? ocrBlocksMarkdown(body) : blocksMarkdown(body);
  return { ...page, blocks, text: blocksText(body), markdown };
}

/**
 * Tesseract makes one paragraph of a sparse page's running head and the body under it (seen on
 * a rendered report page: head, two paragraphs and folio in one block). A paragraph's lines are
 * cut where the gap between two lines is over 1.5 line heights, so the head can stand alone;
 * the page keeps its own blocks unless furniture is found among the pieces.
 */
function splitOcrBlocks(page: ParsedPage): Block[] {
  const lines = page.lines ?? [];
  const out: Block[] = [];
  let next = 0;
  for (const block of page.blocks) {
    const count = block.text.split('\n').length;
    const own = lines.slice(next, next + count);
    next += count;
    if (own.length !== count || own.map((l) => l.text).join('\n') !== block.text) return page.blocks;
    let piece: OcrLine[] = [];
    for (const line of own) {
      const prev = piece.at(-1);
      if (prev && line.bbox[1] - prev.bbox[3] > 1.5 * (prev.bbox[3] - prev.bbox[1])) {
        out.push(pieceBlock(block, piece));
        piece = [];
      }
      piece.push(line);
    }
    if (piece.length > 0) out.push(pieceBlock(block, piece));
  }
  return out;
}

function pieceBlock(block: Block, lines: readonly OcrLine[]): Block {
  const bbox: BoundingBox = [
    Math.min(...lines.map((l) => l.bbox[0])),
    Math.min(...lines.map((l) => l.bbox[1])),
    Math.max(...lines.map((l) => l.bbox[2])),
    Math.max(...lines.map((l) => l.bbox[3])),
  ];
  return { ...block, text: lines.map((l) => l.text).join('\n'), bbox };
}
