/**
 * Furniture a page shows by itself, for documents too short for repetition to tell (one or two
 * pages: a page extracted from a report, a one-page notice, a paper's first page). A block is a
 * running head or footer when all of these hold:
 *  - it lies wholly in the top or bottom band of the page, is a line or two and not a heading;
 *  - it is outermost: between it and the page edge there is nothing but other such blocks;
 *  - a gap of at least 1.2 body lines parts it from the page's content (running heads and
 *    footers stand apart from the text block; a paragraph's last line does not);
 *  - it reads like furniture: a web or mail address, a copyright or licence line, a "downloaded
 *    from" stamp, journal data (volume, issue, DOI, ISSN), a date, a revision or document
 *    number, a confidentiality mark, a page number inside it ("Annual report | 3"), or, in the
 *    top band, a short label that is not a sentence ("TILBURG UNIVERSITY", "Woodworth et al.:
 *    Brief Notices").
 * A footnote is a sentence at the foot of the text and stays content unless it reads like a stamp.
 */

import { median } from '../median.ts';
import type { BoundingBox } from '../types.ts';
import type { FurnitureBlock, FurnitureKind, FurniturePage } from './furniture-page.ts';
import { isPageNumber } from './furniture-text.ts';

/** Same band as furniture.ts: the top/bottom 10 % of the page. */
const BAND = 0.1;
const MAX_CHARS = 200;
const MAX_LINES = 2;
/** The gap that parts furniture from the content, in body line heights. */
const GAP_LINES = 1.2;
/** A label: a few words, no sentence. */
const LABEL_WORDS = 8;

const STAMP = new RegExp(
  [
    String.raw`\bwww\.|https?://|\b[\w.-]+\.(com|org|net|edu|gov|int|de|fr|uk|eu|io)\b|\S+@\S+\.\w+`,
    String.raw`©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|alle rechte|tous droits|licen[cs]e`,
    String.raw`\bdownload(ed)?\b|heruntergeladen|téléchargé|\bpublished by\b|publié par|veröffentlicht (von|durch)|herausgegeben von`,
    String.raw`\b(vol(ume)?|issue|no|nr|heft|band|pp|doi|issn|isbn|e-?issn|num(é|e)ro|número|nummer|ausgabe)\b\.?\s*[:\d]`,
    String.raw`\bdoi:|\bdoi\.org\b`,
    String.raw`\b(revision|rev|version|ver|edition|ausgabe|p/n|doc(ument)?\s*(no|nr|id))\b\.?\s*[:#]?\s*[\w\d]`,
    String.raw`\b(confidential|vertraulich|confidentiel|proprietary|internal use|draft|entwurf|brouillon)\b`,
    String.raw`\b(19|20)\d\d-\d\d-\d\d\b|\b\d{1,2}\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|mär|okt|dez)\w*\.?\s+(19|20)\d\d\b`,
    String.raw`\b(january|february|march|april|may|june|july|august|september|october|november|december|januar|februar|märz|juni|juli|oktober|dezember|janvier|février|avril|juillet|septembre|octobre|novembre|décembre)\s+(19|20)\d\d\b`,
  ].join('|'),
  'iu',
);

export function lonePageFurniture(page: FurniturePage): (FurnitureKind | null)[] {
  const kinds = page.blocks.map((): FurnitureKind | null => null);
  const { width, height } = page;
  if (!width || !height) return kinds;
  const boxed = page.blocks.flatMap((block, index) =>
    block.bbox ? [{ block, index, box: block.bbox }] : [],
  );
  // Text lines only: a table's rows and a figure are taller than the body's lines.
  const lineHeight = median(
    boxed
      .filter(({ block }) => block.type !== 'table' && block.type !== 'figure')
      .map(({ block, box }) => (box[3] - box[1]) / lineCount(block))
      .filter((height) => height > 0),
  );
  const inBand = (box: BoundingBox) =>
    box[3] <= BAND * height ? 'top' : box[1] >= (1 - BAND) * height ? 'bottom' : null;
  const candidates = boxed.filter(({ block, box }) => {
    const text = block.text.trim();
    return (
      inBand(box) &&
      block.type !== 'heading' &&
      text !== '' &&
      text.length <= MAX_CHARS &&
      lineCount(block) <= MAX_LINES
    );
  });
  const isCandidate = new Set(candidates.map((c) => c.index));
  const content = boxed.filter((b) => !isCandidate.has(b.index));
  if (content.length === 0) return kinds;
  for (const { block, index, box } of candidates) {
    const band = inBand(box)!;
    // Outermost: no content block between it and the page edge.
    const outer =
      band === 'top'
        ? content.every((c) => c.box[1] >= box[3] - 1)
        : content.every((c) => c.box[3] <= box[1] + 1);
    if (!outer) continue;
    const gap =
      band === 'top'
        ? Math.min(...content.map((c) => c.box[1])) - box[3]
        : box[1] - Math.max(...content.map((c) => c.box[3]));
    if (gap < GAP_LINES * lineHeight) continue;
    if (isPageNumber(block.text)) kinds[index] = 'pageNumber';
    else if (readsLikeFurniture(block.text, band)) kinds[index] = band === 'top' ? 'header' : 'footer';
  }
  return kinds;
}

export function readsLikeFurniture(text: string, band: 'top' | 'bottom'): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (STAMP.test(t)) return true;
  // A page number at either end, set off by a separator or spacing: "Annual report | 3", "3 Chapter two".
  const parts = t.split(/\s*[|·•–—]\s*|\s{2,}/).filter((p) => p !== '');
  if (parts.length > 1 && (isPageNumber(parts[0]!) || isPageNumber(parts.at(-1)!))) return true;
  // A label heads a page (a journal's or an organisation's name, a chapter title); at the foot a
  // short line is as likely the end of the content ("Total: 7 items").
  const words = t.split(' ');
  return band === 'top' && words.length <= LABEL_WORDS && !/[.!?]$/.test(t) && /\p{L}/u.test(t);
}

const lineCount = (block: FurnitureBlock) => block.text.split('\n').length;

/**
 * Stamps in the side margin: text set sideways (the text layer gives it a box under 2 units each
 * way) left or right of everything else on the page — "Downloaded from … on 11 November 2019",
 * an arXiv identifier, a licence note. Sideways text among the content (a table's turned headers,
 * a chart's axis title) is not in the margin and stays.
 */
export function marginStamps(page: FurniturePage): number[] {
  const sideways = (box: BoundingBox) => box[2] - box[0] <= 2 && box[3] - box[1] <= 2;
  const upright = page.blocks.flatMap((b) => (b.bbox && !sideways(b.bbox) ? [b.bbox] : []));
  if (upright.length === 0) return [];
  const left = Math.min(...upright.map((box) => box[0]));
  const right = Math.max(...upright.map((box) => box[2]));
  return page.blocks.flatMap((b, index) =>
    b.bbox && sideways(b.bbox) && (b.bbox[2] < left || b.bbox[0] > right) ? [index] : [],
  );
}
