/**
 * Deck → ParsedDocument: one page per slide, its shapes in reading order (titles first, then
 * top to bottom in bands, left to right within a band), each shape's content as blocks.
 */
import { permanent } from '../../../core/errors.ts';
import { blockMarkdown } from '../../pdf/blocks.ts';
import type { Block, BoundingBox, FileKind, ParsedDocument, ParsedPage } from '../../types.ts';
import type { Deck, Slide, SlideShape } from './model.ts';

/** A grid this large (rows × columns) is no slide's table: a hostile file's, refused. */
const maxTableCells = 1_000_000;

const mimeOf: Partial<Record<FileKind, string>> = {
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

export function deckDocument(deck: Deck, kind: 'pptx' | 'odp'): ParsedDocument {
  const pages = deck.slides.map((slide, k) => slidePage(slide, k + 1, deck));
  return {
    metadata: {
      pages: pages.length,
      fileType: kind,
      mimeType: mimeOf[kind] ?? 'application/octet-stream',
      title: deck.title,
      author: deck.author,
    },
    pages,
    text: pages.map((p) => p.text).join('\n\n'),
    markdown: pages.map((p) => p.markdown).join('\n\n'),
  };
}

function slidePage(slide: Slide, page: number, deck: Deck): ParsedPage {
  const blocks = readingOrder(slide.shapes, deck.height).flatMap(shapeBlocks);
  if (slide.notes.trim() !== '') blocks.push({ type: 'notes', text: slide.notes.trim(), bbox: null });
  const text = blocks.map((b) => b.text).join('\n\n');
  return {
    page,
    width: Math.round(deck.width * 100) / 100,
    height: Math.round(deck.height * 100) / 100,
    text,
    markdown: slideMarkdown(blocks),
    textLayer: true,
    source: 'textLayer',
    blocks,
  };
}

/**
 * Titles first; then by top edge in bands of 1/40 of the slide height (text boxes set side by
 * side rarely share a top to the point), left to right within a band. Shapes without a box
 * keep their place in the file, after the positioned ones.
 */
export function readingOrder(shapes: readonly SlideShape[], slideHeight: number): SlideShape[] {
  const band = Math.max(1, slideHeight / 40);
  const rank = (s: SlideShape) => (s.kind === 'title' ? 0 : 1);
  return shapes
    .map((shape, index) => ({ shape, index }))
    .sort((a, b) => {
      if (rank(a.shape) !== rank(b.shape)) return rank(a.shape) - rank(b.shape);
      const [ba, bb] = [a.shape.box, b.shape.box];
      if (!ba || !bb) return ba ? -1 : bb ? 1 : a.index - b.index;
      const rows = Math.floor(ba[1] / band) - Math.floor(bb[1] / band);
      return rows !== 0 ? rows : ba[0] - bb[0] || a.index - b.index;
    })
    .map((s) => s.shape);
}

function shapeBlocks(shape: SlideShape): Block[] {
  const bbox: BoundingBox | null = shape.box;
  switch (shape.kind) {
    case 'title':
    case 'subtitle':
      return [
        {
          type: 'heading',
          level: shape.kind === 'title' ? 1 : 2,
          text: shape.paragraphs.map((p) => p.text.replace(/\s*\n\s*/g, ' ')).join(' '),
          bbox,
        },
      ];
    case 'text': {
      const numbers: number[] = [];
      return shape.paragraphs.map((p): Block => {
        if (p.bullet === 'none') return { type: 'paragraph', text: p.text, bbox };
        // Numbering restarts under a new parent item, as PowerPoint's autonumbering does.
        numbers.length = p.level + 1;
        numbers[p.level] = (numbers[p.level] ?? 0) + 1;
        const text = p.bullet === 'number' ? `${numbers[p.level]}. ${p.text}` : p.text;
        return { type: 'list', level: p.level, text, bbox };
      });
    }
    case 'table': {
      // The grid is as large as its cells reach, spans cut at the last row and column written.
      let [height, width] = [0, 0];
      for (const c of shape.cells)
        [height, width] = [Math.max(height, c.row + 1), Math.max(width, c.col + 1)];
      if (height * width > maxTableCells) {
        throw permanent('PARSE_ERROR', `a slide table of ${height}×${width} cells; at most ${maxTableCells}`);
      }
      const rows = Array.from({ length: height }, () => Array<string>(width).fill(''));
      for (const c of shape.cells) rows[c.row]![c.col] = c.text;
      return [
        {
          type: 'table',
          text: rows.map((r) => r.join('\t')).join('\n'),
          bbox,
          rows,
          cells: shape.cells.map((c) => ({ ...c, bbox: null })),
          headerRows: shape.headerRows,
        },
      ];
    }
    case 'picture':
      return [{ type: 'figure', text: shape.alt, caption: shape.alt || null, bbox }];
    case 'shape':
      return [];
  }
}

/**
 * Blocks → markdown as PDF pages do, but a picture has no PNG under /figures (it is not cut
 * out of a rendered page): it is written as its alt text instead of an image link.
 */
function slideMarkdown(blocks: readonly Block[]): string {
  let out = '';
  blocks.forEach((block, k) => {
    const sep = k === 0 ? '' : block.type === 'list' && blocks[k - 1]?.type === 'list' ? '\n' : '\n\n';
    const md =
      block.type === 'figure' ? `*[Picture${block.text ? `: ${block.text}` : ''}]*` : blockMarkdown(block);
    out += sep + md;
  });
  return out;
}
