/**
 * Which pictures on a page with a text layer are worth OCR (`ocr: auto`): a poster's title set in
 * an image, a logo with a tagline, a screenshot of a slide. Only these regions are read, so a
 * page of text, or one with a small logo or icons, costs nothing more than its text layer.
 */

import { area, overlapArea } from '../boxes.ts';
import { CAPTION } from '../layout/figures.ts';
import type { BoundingBox, ParsedPage } from '../types.ts';
import { tableCellBoxes } from './picture-text.ts';

/**
 * A picture covering a tenth of the page can hold a few lines of text at any size worth reading
 * (a 10 % region of A4 is ~190 × 190 pt, room for a title and a subtitle); below that, most
 * images are logos, icons and photos whose text, if any, is a brand name.
 */
const minAreaShare = 0.1;
/**
 * …unless it is a band: text set as a picture is mostly a wide strip (a banner, a masthead, a
 * logo with its tagline), spanning 40 % of the page's width (or height, set sideways) and at
 * least a line of display text (18 pt) across. A small logo (a sixth of the width) is neither.
 */
const minBandShare = 0.4;
const minBandThickness = 18;
/**
 * "Holds little of the text layer": text-layer words covering more of the region than this are
 * a scan under its own (invisible) text layer, or text set over a background picture — the
 * layer already has what OCR would find there. Body text's word boxes cover ~30-50 % of the
 * area they are set in; a picture with a line of title over it, under 15 %.
 */
const maxTextCover = 0.15;
/** At most this many regions a page (the largest first): a page of tiles must not cost a scan's OCR many times over. */
const maxRegions = 4;
/**
 * Joining tiles compares every pair: past this many images (a map's markers, a mosaic) the page's
 * pictures are taken as they are painted.
 */
const maxTilesJoined = 200;
/** A region this much inside one already chosen is read with it. */
const containedShare = 0.9;

/** The regions of `page` to OCR, largest first, in PDF points clipped to the page; none without images. */
export function pictureRegions(page: ParsedPage): BoundingBox[] {
  const { width, height } = page;
  if (!page.textLayer || !page.images?.length || !width || !height) return [];
  const clipped = page.images
    .map((box) => clip(box, width, height))
    .filter((box): box is BoundingBox => box !== null);
  // Table cells count whole: a table drawn over a picture (cards, a form's background) is the
  // layer's text, and its words are not in `lines`.
  const words = (page.lines ?? []).flatMap((line) => line.words.map((word) => word.bbox));
  words.push(...tableCellBoxes(page));
  // A page with figure captions ("Figure 3: …", "Fig. A.2") holds figures: their words are a chart's
  // tick labels and legend, read at a second or more each (a paper's pages of plots would cost
  // more than their text), and their subfigures need not sit next to the caption.
  if (page.blocks.some((b) => (b.type === 'figure' && b.caption) || CAPTION.test(b.text.trim()))) return [];
  const candidates = (clipped.length <= maxTilesJoined ? joinTiles(clipped) : clipped)
    .filter((box) => bigEnough(box, width, height))
    .filter((box) => coveredShare(box, words) <= maxTextCover)
    .sort((a, b) => area(b) - area(a));
  const chosen: BoundingBox[] = [];
  for (const box of candidates) {
    if (chosen.length >= maxRegions) break;
    if (chosen.some((other) => overlapArea(box, other) >= containedShare * area(box))) continue;
    chosen.push(box);
  }
  return chosen;
}

function bigEnough(box: BoundingBox, width: number, height: number): boolean {
  const [w, h] = [box[2] - box[0], box[3] - box[1]];
  if (w * h >= minAreaShare * width * height) return true;
  const wideBand = w >= minBandShare * width && h >= minBandThickness;
  const tallBand = h >= minBandShare * height && w >= minBandThickness;
  return wideBand || tallBand;
}

/** Share of `box` under text-layer word boxes (words overlap little, so a plain sum is close). */
function coveredShare(box: BoundingBox, words: readonly BoundingBox[]): number {
  const covered = words.reduce((sum, word) => sum + overlapArea(box, word), 0);
  return covered / Math.max(1, area(box));
}

/**
 * Pictures cut into tiles or strips (scanners and some converters write a page as bands) become
 * one region again: two boxes join when they share an edge along its whole length.
 */
function joinTiles(boxes: readonly BoundingBox[]): BoundingBox[] {
  const out = boxes.map((box): BoundingBox => [...box]);
  const near = (a: number, b: number) => Math.abs(a - b) <= 1;
  for (let joined = true; joined; ) {
    joined = false;
    for (let i = 0; i < out.length && !joined; i++) {
      for (let j = i + 1; j < out.length && !joined; j++) {
        const [a, b] = [out[i]!, out[j]!];
        const sameColumn = near(a[0], b[0]) && near(a[2], b[2]) && (near(a[3], b[1]) || near(b[3], a[1]));
        const sameRow = near(a[1], b[1]) && near(a[3], b[3]) && (near(a[2], b[0]) || near(b[2], a[0]));
        if (sameColumn || sameRow) {
          out[i] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
          out.splice(j, 1);
          joined = true;
        }
      }
    }
  }
  return out;
}

function clip(box: BoundingBox, width: number, height: number): BoundingBox | null {
  const out: BoundingBox = [
    Math.max(0, box[0]),
    Math.max(0, box[1]),
    Math.min(width, box[2]),
    Math.min(height, box[3]),
  ];
  return out[2] - out[0] >= 1 && out[3] - out[1] >= 1 ? out : null;
}
