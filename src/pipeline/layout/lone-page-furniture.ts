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
 * A line set out across the measure in parts (set-out-line.ts: "400   BRITISH HUSBANDRY.   [Ch.
 * XIX.") is laid out as a running head whatever its gap or size: a book sets its head tight above
 * the text, a heading-sized cover footer can sit 11 % up the page. Besides the way above, it is
 * furniture with no gap, typed heading or in the 12 % band, on stronger evidence only: a stamp,
 * or a page number as its first or last part, never the label rule; and the next line inwards
 * must not be set out too (a table's first or last row).
 * A footnote is a sentence at the foot of the text and stays content unless it reads like a stamp.
 */

import { median } from '../median.ts';
import type { BoundingBox, OcrLine } from '../types.ts';
import type { FurnitureBlock, FurnitureKind, FurniturePage } from './furniture-page.ts';
import { isPageNumber } from './furniture-text.ts';
import { nextLineInward, partsWithin, setOutOn } from './set-out-line.ts';

/** Same band as furniture.ts: the top/bottom 10 % of the page. */
const BAND = 0.1;
const MAX_CHARS = 200;
const MAX_LINES = 2;
/** The gap that parts furniture from the content, in body line heights. */
const GAP_LINES = 1.2;
/** A label: a few words, no sentence. */
const LABEL_WORDS = 8;
/** A set-out line may sit this far in (as page numbers may: furniture.ts NUMBER_BAND). */
const SET_OUT_BAND = 0.12;

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
  const inBand = (box: BoundingBox, band: number): 'top' | 'bottom' | null =>
    box[3] <= band * height ? 'top' : box[1] >= (1 - band) * height ? 'bottom' : null;
  const lines = page.lines ?? [];
  const setOut = setOutOn(page);
  const candidates = boxed.flatMap(({ block, index, box }) => {
    const text = block.text.trim();
    if (text === '' || text.length > MAX_CHARS || lineCount(block) > MAX_LINES) return [];
    if (!inBand(box, SET_OUT_BAND)) return [];
    const parts = setOut(box);
    // In the usual band and not a heading: judged by its gap and text; set out: by its parts.
    const usual = block.type !== 'heading' ? inBand(box, BAND) : null;
    const band = usual ?? (parts ? inBand(box, SET_OUT_BAND) : null);
    return band ? [{ block, index, box, band, usual, parts }] : [];
  });
  const isCandidate = new Set(candidates.map((c) => c.index));
  const content = boxed.filter((b) => !isCandidate.has(b.index));
  if (content.length === 0) return kinds;
  for (const { block, index, box, band, usual, parts } of candidates) {
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
    const apart =
      usual !== null && gap >= GAP_LINES * lineHeight && readsLikeFurniture(block.text, band, parts ?? []);
    if (!apart && !(parts && setOutHead(block.text, parts, box, band, lines))) continue;
    kinds[index] = isPageNumber(block.text) ? 'pageNumber' : band === 'top' ? 'header' : 'footer';
  }
  return kinds;
}

/**
 * A line set out in parts reads as a running head or footer without a gap: a stamp or a folio at
 * an end of it, and the next line inwards a line of text, not a table's next row set out the same.
 */
function setOutHead(
  text: string,
  parts: readonly string[],
  box: BoundingBox,
  band: 'top' | 'bottom',
  lines: readonly OcrLine[],
): boolean {
  const next = nextLineInward(box, band, lines);
  const nextParts = next && partsWithin(next, box[0], box[2]);
  return (nextParts?.length ?? 0) < 2 && readsLikeFurniture(text, band, parts, true);
}

/**
 * `parts`: the line's parts as its words' boxes show them (set-out-line.ts), besides those its
 * text shows by separators or spacing. `strong`: a stamp or a page number at either end only.
 */
export function readsLikeFurniture(
  text: string,
  band: 'top' | 'bottom',
  parts: readonly string[] = [],
  strong = false,
): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (isPageNumber(t) || STAMP.test(t)) return true;
  // A page number at either end, set off by a separator or spacing: "Annual report | 3", "3 Chapter two".
  const split = t.split(/\s*[|·•–—]\s*|\s{2,}/).filter((p) => p !== '');
  for (const pieces of [split, parts])
    if (pieces.length > 1 && (isPageNumber(pieces[0]!) || isPageNumber(pieces.at(-1)!))) return true;
  if (strong) return false;
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
