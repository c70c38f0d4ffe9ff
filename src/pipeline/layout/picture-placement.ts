/**
 * Text read from a page's pictures (ocr/picture-pass.ts) put in the page's blocks where the
 * picture is read. Paragraph blocks rather than the figure's text or caption: the figure's
 * markdown is an image link whose alt text many renderers hide and which must stay one line,
 * while a picture's words are what a reader searches for and reads, line by line, like the
 * labels inside a figure that the text layer holds (layout/figures.ts keeps those in the flow).
 */
import { blocksMarkdown, blocksText } from '../pdf/blocks.ts';
import type { Block, BoundingBox, ParsedPage } from '../types.ts';

/**
 * Each block goes after the figure it lies in (after that figure's earlier picture blocks), or,
 * for a picture too big or too wordy to be a figure, before the first block that starts below
 * it, as figures are placed. Text and markdown are made again from the blocks.
 */
export function withPictureText(page: ParsedPage, found: readonly Block[]): ParsedPage {
  if (found.length === 0) return page;
  const blocks = [...page.blocks];
  for (const block of found) {
    const box = block.bbox!;
    const figure = blocks.findIndex((b) => b.type === 'figure' && b.bbox !== null && centreIn(box, b.bbox));
    let at: number;
    if (figure >= 0) {
      at = figure + 1;
      while (at < blocks.length && blocks[at]!.source === 'ocr') at++;
    } else {
      at = blocks.findIndex((b) => b.bbox !== null && b.type !== 'figure' && b.bbox[1] >= box[1] - 1);
      if (at < 0) at = blocks.length;
    }
    blocks.splice(at, 0, block);
  }
  return { ...page, blocks, text: blocksText(blocks), markdown: blocksMarkdown(blocks) };
}

function centreIn(box: BoundingBox, area: BoundingBox): boolean {
  const x = (box[0] + box[2]) / 2;
  const y = (box[1] + box[3]) / 2;
  return x >= area[0] && x <= area[2] && y >= area[1] && y <= area[3];
}
