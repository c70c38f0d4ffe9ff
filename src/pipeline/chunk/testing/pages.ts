/** Parsed documents built in the tests: pages of blocks as the layout stage gives them. */
import type { Block, BoundingBox, ParsedDocument, ParsedPage } from '../../types.ts';

let y = 0;
const nextBox = (): BoundingBox => {
  y = (y + 20) % 700;
  return [72, 72 + y, 540, 90 + y];
};

export const heading = (text: string, level = 1): Block => ({
  type: 'heading',
  text,
  level,
  bbox: nextBox(),
});
export const paragraph = (text: string): Block => ({ type: 'paragraph', text, bbox: nextBox() });
export const item = (text: string): Block => ({ type: 'list', text, bbox: nextBox() });
export const furniture = (type: 'header' | 'footer' | 'pageNumber', text: string): Block => ({
  type,
  text,
  bbox: nextBox(),
});
export const figure = (caption: string | null, name = 'p1-1.png'): Block => ({
  type: 'figure',
  text: caption ?? '',
  caption,
  name,
  bbox: nextBox(),
});

export function table(rows: string[][], headerRows = 1): Block {
  return {
    type: 'table',
    text: rows.map((row) => row.join('\t')).join('\n'),
    bbox: nextBox(),
    rows,
    headerRows,
    cells: rows.flatMap((row, r) =>
      row.map((text, col) => ({
        row: r,
        col,
        rowSpan: 1,
        colSpan: 1,
        text,
        bbox: [72 + col * 100, 100 + r * 12, 160 + col * 100, 110 + r * 12] as BoundingBox,
      })),
    ),
  };
}

export function documentOf(pages: Block[][]): ParsedDocument {
  const parsed: ParsedPage[] = pages.map((blocks, k) => ({
    page: k + 1,
    width: 612,
    height: 792,
    text: blocks.map((block) => block.text).join('\n\n'),
    markdown: '',
    textLayer: true,
    source: 'textLayer',
    blocks,
  }));
  return {
    metadata: {
      pages: pages.length,
      fileType: 'pdf',
      mimeType: 'application/pdf',
      title: null,
      author: null,
    },
    pages: parsed,
    text: parsed.map((page) => page.text).join('\n\n'),
    markdown: '',
  };
}

/** `count` sentences of about 12 tokens each, numbered so that none repeats. */
export const sentences = (count: number, topic = 'sample') =>
  Array.from(
    { length: count },
    (_, k) => `Sentence ${k + 1} about the ${topic} describes one measured property of the system.`,
  ).join(' ');

/** Whitespace-insensitive text, for comparing what chunks hold with what the pages held. */
export const squash = (text: string) => text.replace(/\s+/g, '');
