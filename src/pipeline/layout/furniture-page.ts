/** What the furniture passes (furniture.ts, lone-page-furniture.ts) read of a page, and what they find. */
import type { BoundingBox, OcrLine } from '../types.ts';

export type FurnitureKind = 'header' | 'footer' | 'pageNumber' | 'watermark';

export interface FurnitureBlock {
  text: string;
  bbox: BoundingBox | null;
  /** The block's type so far: headings are content even when they repeat at the top of pages. */
  type?: string;
}

export interface FurniturePage {
  /** Same unit as the boxes (PDF points, or pixels for images); null when unknown. */
  width: number | null;
  height: number | null;
  blocks: readonly FurnitureBlock[];
  /** The page's lines with their words' boxes, where known: they show a line set out in parts. */
  lines?: readonly OcrLine[];
}
