/**
 * What both slide formats (PPTX, ODP) are read into before they become a page's blocks: the
 * shapes of a slide with their box on the slide, and its speaker notes.
 */
import { permanent } from '../../../core/errors.ts';
import type { BoundingBox } from '../../types.ts';
import type { ZipLimits } from '../../zip.ts';

export interface SlideParagraph {
  text: string;
  /** Outline level, 0 outermost. */
  level: number;
  bullet: 'none' | 'bullet' | 'number';
  /** The largest font size of its runs in points, when the file sets one on them. */
  size?: number;
}

export interface SlideCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

export type SlideShape =
  | { kind: 'title' | 'subtitle' | 'text'; box: BoundingBox | null; paragraphs: SlideParagraph[] }
  | { kind: 'table'; box: BoundingBox | null; cells: SlideCell[]; headerRows: number }
  | { kind: 'picture'; box: BoundingBox | null; alt: string }
  /** A rectangle or other drawn shape without text: only drawn on the thumbnail. */
  | { kind: 'shape'; box: BoundingBox | null };

export interface Slide {
  shapes: SlideShape[];
  notes: string;
}

export interface Deck {
  /** Slide size in points. */
  width: number;
  height: number;
  slides: Slide[];
  title: string | null;
  author: string | null;
}

/**
 * A deck of 1,000 slides is already far past any talk; a file claiming more is refused with a
 * message naming the cap rather than read partly without saying so (a result has no place for
 * "the rest was dropped").
 */
export const maxSlides = 1000;

export function checkSlideCount(count: number): void {
  if (count > maxSlides) {
    throw permanent(
      'PARSE_ERROR',
      `the deck has ${count} slides; docjobs reads at most ${maxSlides} per file`,
    );
  }
}

/**
 * What a deck may inflate to. Slide XML is small (a dense slide is ~50 KB); media are never
 * inflated by the parser (pictures are read as their alt text), but they count in the total a
 * zip bomb would inflate to.
 */
export const slideZipLimits: ZipLimits = {
  entries: 10_000,
  totalBytes: 512 * 2 ** 20,
  partBytes: 16 * 2 ** 20,
  parsedPart: /\.(xml|rels)$/i,
};

/** Group shapes nested deeper than this are not read (a hostile file nests thousands). */
export const maxGroupDepth = 16;
