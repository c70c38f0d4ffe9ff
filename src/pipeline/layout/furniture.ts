/**
 * Page furniture: running heads, footers, page numbers and repeated watermarks, found across the
 * pages of one document from where blocks sit and what they say. Pure: blocks with boxes and
 * the page size in, one kind (or null) per block out; mark-furniture.ts applies the verdict.
 *
 * Page numbers differ per page and running heads often carry the chapter title, so identical
 * text is not the test. A block must lie in the top or bottom band of its page, and:
 *  - one- and two-page documents: a page number ("3", "- 3 -", "Page 3 of 10", "iii"), as body
 *    text is almost never a bare number at the page's very edge, and blocks that stand apart at
 *    the page's edge and read like furniture (lone-page-furniture.ts);
 *  - 3+ pages: a bare number must fit the page sequence of another page's number; other blocks
 *    (not headings) must repeat — a similar block, digits and roman numerals masked, at the same
 *    height on enough nearby pages — or sit in the slot such repeated blocks hold (the chapter
 *    title of a chapter too short to repeat on its own); and all of them must lie in the band's
 *    furniture zone, between the page edge and the inner edge of what repeats on most pages.
 * Outside the bands only a watermark counts — the same short text at the same place on most
 * pages, set much larger than the document's lines or rotated — and text set sideways in the
 * side margin (a download stamp, an arXiv identifier: marginStamps), typed `watermark` too. A
 * body line that happens to repeat is in neither case.
 */
import type { BoundingBox } from '../types.ts';
import type { FurnitureKind, FurniturePage } from './furniture-page.ts';
import { bareNumber, bigrams, diceOf, isPageNumber, mask } from './furniture-text.ts';
import { lonePageFurniture, marginStamps } from './lone-page-furniture.ts';
import { setOutOn } from './set-out-line.ts';

export type { FurnitureBlock, FurnitureKind, FurniturePage } from './furniture-page.ts';

/**
 * Bands as a share of the page height. Running heads and folios sit in the top/bottom ~3-9 % of
 * letter and A4 pages (36-70 pt of 792-842); body text starts at the 1-inch margin (9 %) or
 * lower, and a block must lie wholly inside the band, so a body line can rarely qualify.
 */
const BAND = 0.1;
/** Page numbers may sit a little further in (wide bottom margins of books and theses). */
const NUMBER_BAND = 0.12;
/** Same place on two pages: the box centres within this share of the page height. */
const SAME_Y = 0.03;
/** Same slot: tops and bottoms within this share of the page height (OCR boxes jitter ~0.5 %). */
const SAME_SLOT = 0.015;
/** Masked texts at least this similar (Dice over character bigrams) are one running head. */
const SIMILAR = 0.7;
/** Longer blocks are body text whatever their place: furniture is a line or two. */
const MAX_CHARS = 200;

interface Candidate {
  page: number;
  index: number;
  band: 'top' | 'bottom';
  box: BoundingBox;
  /** Box and centre as shares of the page size. */
  top: number;
  bottom: number;
  cy: number;
  x0: number;
  x1: number;
  masked: string;
  /** The masked text's character bigrams as sorted numbers, for diceOf. */
  grams: number[];
  number: boolean;
  /** A bare page number's value ("3", "- 3 -", "iii"); null for "Page 3 of 10" and for text. */
  value: number | null;
  /** The number of a spelled-out page number ("Page 3 of 10": 3), which needs no other page. */
  spelled: number | null;
  heading: boolean;
}

export function findFurniture(pages: readonly FurniturePage[]): (FurnitureKind | null)[][] {
  const kinds = pages.map((p) => p.blocks.map((): FurnitureKind | null => null));
  for (const [k, page] of pages.entries())
    for (const index of marginStamps(page)) kinds[k]![index] = 'watermark';
  const candidates = pages.flatMap((p, k) => bandCandidates(p, k));
  const numbers = candidates.filter((c) => c.number);
  // One- and two-page documents: repetition proves little; page numbers count, and blocks that
  // look like furniture on their own page (lone-page-furniture.ts).
  if (pages.length < 3) {
    for (const [k, page] of pages.entries()) {
      const lone = lonePageFurniture(page);
      for (const [i, kind] of lone.entries()) if (kind) kinds[k]![i] ??= kind;
    }
    for (const c of numbers) kinds[c.page]![c.index] = 'pageNumber';
    return kinds;
  }
  // A bare number must fit the page sequence of another page's number: figures at the top or
  // bottom of a page have tick labels (an arXiv page's "16", "103") that do not.
  const folios = numbers.filter((c) => c.value === null || inSequence(c, numbers));
  const required = Math.min(3, Math.max(2, Math.ceil(pages.length / 2)));
  // Headings (set larger than the body) are left out: a section heading atop every page, "2
  // Section 2", "3 Section 3", is as alike and as well placed as a running head, which is set in
  // the body's size or smaller — unless set out across the page in parts (set-out-line.ts).
  const texts = candidates.filter((c) => !c.number && !c.heading);
  const all = byPageOf(texts, pages.length);
  const repeated = texts.filter((c) => pagesWith(c, all, similar, required) >= required);
  const slots = byPageOf(repeated, pages.length);
  const isRepeated = new Set(repeated);
  const slotted = texts.filter(
    (c) =>
      !isRepeated.has(c) && c.masked.length <= 120 && pagesWith(c, slots, sameSlot, required) >= required,
  );
  const edge = zoneEdges([...folios, ...repeated, ...slotted], pages.length, required);
  for (const c of folios) if (inZone(c, edge)) kinds[c.page]![c.index] = 'pageNumber';
  for (const c of [...repeated, ...slotted])
    if (inZone(c, edge)) kinds[c.page]![c.index] = c.band === 'top' ? 'header' : 'footer';
  for (const [page, index] of watermarks(pages)) kinds[page]![index] ??= 'watermark';
  return kinds;
}

/** Some other page has a page number (bare or spelled out) at the same offset from its page index. */
function inSequence(c: Candidate, numbers: readonly Candidate[]): boolean {
  const offset = c.value! - c.page;
  return numbers.some((o) => o.page !== c.page && (o.value ?? o.spelled) === offset + o.page);
}

/**
 * The furniture zone of each band: from the page edge inwards over the places that
 * furniture-like blocks hold on ≥ 60 % of the pages, as long as each place touches the one
 * outside it (a gap under half its own height). A running head is there on nearly every page (on
 * alternate pages with alternate texts, or all of a chapter's pages: still one place). Figures
 * and tables at the top of pages are not: in one arXiv paper their labels ("ALL", "major",
 * "Table 1.") sit under the running head on 8 of 12 pages, but 12 pt below it, so the zone ends
 * at the running head. No such place: no zone, and nothing in that band is furniture.
 */
const ZONE_SHARE = 0.6;
/** Same place for the zone: centres within this share of the page height (~8 pt on letter). */
const ZONE_Y = 0.01;

interface Edges {
  top: number | null;
  bottom: number | null;
}

function zoneEdges(members: readonly Candidate[], pages: number, required: number): Edges {
  const needed = Math.max(required, ZONE_SHARE * pages);
  const held = [...heldIn(members, 'top', needed), ...heldIn(members, 'bottom', needed)];
  const inwards = (band: 'top' | 'bottom'): number | null => {
    // Distances from the page edge, outer side first.
    const places = held
      .filter((m) => m.band === band)
      .map((m) => (band === 'top' ? [m.top, m.bottom] : [1 - m.bottom, 1 - m.top]) as [number, number])
      .sort((a, b) => a[0] - b[0]);
    let edge: number | null = null;
    for (const [outer, inner] of places) {
      if (edge !== null && outer > edge + Math.max(ZONE_SLACK, (inner - outer) / 2)) break;
      edge = Math.max(edge ?? 0, inner);
    }
    return edge;
  };
  const top = inwards('top');
  const bottom = inwards('bottom');
  return { top, bottom: bottom === null ? null : 1 - bottom };
}

/**
 * The members of a band found on ≥ `needed` pages within ZONE_Y of their own centre: a window
 * sliding down the members sorted by centre, with a count per page (a running head on 1,500
 * pages would otherwise be 2 M comparisons).
 */
function heldIn(members: readonly Candidate[], band: 'top' | 'bottom', needed: number): Candidate[] {
  const sorted = members.filter((m) => m.band === band).sort((a, b) => a.cy - b.cy);
  const perPage = new Map<number, number>();
  const add = (page: number, n: number) => {
    const count = (perPage.get(page) ?? 0) + n;
    if (count === 0) perPage.delete(page);
    else perPage.set(page, count);
  };
  const held: Candidate[] = [];
  let [lo, hi] = [0, 0];
  for (const m of sorted) {
    while (hi < sorted.length && sorted[hi]!.cy <= m.cy + ZONE_Y) add(sorted[hi++]!.page, 1);
    while (sorted[lo]!.cy < m.cy - ZONE_Y) add(sorted[lo++]!.page, -1);
    if (perPage.size >= needed) held.push(m);
  }
  return held;
}

/** Half a line of slack at the zone's inner edge (~4 pt on letter). */
const ZONE_SLACK = 0.005;

function inZone(c: Candidate, edges: Edges): boolean {
  if (c.band === 'top') return edges.top !== null && c.bottom <= edges.top + ZONE_SLACK;
  return edges.bottom !== null && c.top >= edges.bottom - ZONE_SLACK;
}

function bandCandidates(page: FurniturePage, k: number): Candidate[] {
  const { width: w, height: h } = page;
  if (!w || !h) return [];
  const out: Candidate[] = [];
  const setOut = setOutOn(page);
  for (const [index, block] of page.blocks.entries()) {
    const box = block.bbox;
    const text = block.text.trim();
    if (!box || text === '' || text.length > MAX_CHARS) continue;
    const [top, bottom] = [box[1] / h, box[3] / h];
    const number = isPageNumber(text);
    const masked = mask(text);
    const limit = number ? NUMBER_BAND : BAND;
    const which = bottom <= limit ? 'top' : top >= 1 - limit ? 'bottom' : null;
    if (!which) continue;
    out.push({
      page: k,
      index,
      band: which,
      box,
      top,
      bottom,
      cy: (top + bottom) / 2,
      x0: box[0] / w,
      x1: box[2] / w,
      masked,
      grams: bigrams(masked),
      number,
      value: number ? bareNumber(text) : null,
      spelled: number ? Number(text.match(/\d+/)?.[0] ?? Number.NaN) : null,
      // A head set out in parts (folio, title, chapter) is laid out as a running head even when
      // it was typed a heading for its size or capitals.
      heading: block.type === 'heading' && setOut(box) === null,
    });
  }
  return out;
}

/**
 * Running heads repeat on nearby pages (a chapter's, or every other page's), so a candidate is
 * compared with those of the pages within this distance only: a 1,500-page document with a
 * distinct footnote at the foot of each page took 60 s comparing all pairs, 0.3 s this way (2 busy
 * shared cores; ~0.2 ms a page, as much as assemblePages).
 */
const WINDOW = 12;

/** On how many pages (its own included) within WINDOW a candidate matching `c` is found, up to `enough`. */
function pagesWith(
  c: Candidate,
  byPage: readonly (readonly Candidate[])[],
  match: (a: Candidate, b: Candidate) => boolean,
  enough: number,
): number {
  let found = 1;
  const last = Math.min(byPage.length - 1, c.page + WINDOW);
  for (let p = Math.max(0, c.page - WINDOW); p <= last && found < enough; p++) {
    if (p !== c.page && byPage[p]!.some((o) => o.band === c.band && match(c, o))) found++;
  }
  return found;
}

function byPageOf(candidates: readonly Candidate[], pages: number): Candidate[][] {
  const out: Candidate[][] = Array.from({ length: pages }, () => []);
  for (const c of candidates) out[c.page]!.push(c);
  return out;
}

const similar = (a: Candidate, b: Candidate) =>
  Math.abs(a.cy - b.cy) <= SAME_Y && (a.masked === b.masked || diceOf(a.grams, b.grams) >= SIMILAR);

/** Same height on the page, and the same column or its mirror (odd and even pages of a book). */
const sameSlot = (a: Candidate, b: Candidate) =>
  Math.abs(a.top - b.top) <= SAME_SLOT &&
  Math.abs(a.bottom - b.bottom) <= SAME_SLOT &&
  (overlaps(a.x0, a.x1, b.x0, b.x1) || overlaps(a.x0, a.x1, 1 - b.x1, 1 - b.x0));

const overlaps = (a0: number, a1: number, b0: number, b1: number) => Math.min(a1, b1) > Math.max(a0, b0);

/** Watermarks: at most this long, on this share of the pages, and this much taller than a line. */
const WATERMARK_CHARS = 40;
const WATERMARK_PAGES = 0.6;
const WATERMARK_SCALE = 2;

/**
 * [page, block] of each watermark: the same text at the same place (centres within 5 % of the
 * page) on ≥ 60 % of the pages, and either rotated (the text layer gives rotated text no real box:
 * under 2 units each way) or with lines ≥ 2× the document's median line height.
 */
function watermarks(pages: readonly FurniturePage[]): [number, number][] {
  const heights: number[] = [];
  const seen = new Map<string, { page: number; index: number; cx: number; cy: number; tall: number }[]>();
  for (const [k, page] of pages.entries()) {
    if (!page.width || !page.height) continue;
    for (const [index, block] of page.blocks.entries()) {
      const box = block.bbox;
      if (!box) continue;
      const lines = block.text.split('\n').length;
      const lineHeight = (box[3] - box[1]) / lines / page.height;
      const rotated = box[2] - box[0] <= 2 && box[3] - box[1] <= 2;
      if (!rotated) heights.push(lineHeight);
      const text = block.text.trim().toLowerCase();
      if (text === '' || text.length > WATERMARK_CHARS || lines > 1) continue;
      const cx = (box[0] + box[2]) / 2 / page.width;
      const cy = (box[1] + box[3]) / 2 / page.height;
      const place = { page: k, index, cx, cy, tall: rotated ? Number.POSITIVE_INFINITY : lineHeight };
      const places = seen.get(text);
      if (places) places.push(place);
      else seen.set(text, [place]);
    }
  }
  heights.sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 0;
  const needed = Math.max(3, WATERMARK_PAGES * pages.length);
  const found: [number, number][] = [];
  for (const places of seen.values()) {
    const big = places.filter((p) => median > 0 && p.tall >= WATERMARK_SCALE * median);
    const first = big[0];
    if (!first) continue;
    const here = big.filter((p) => Math.abs(p.cx - first.cx) <= 0.05 && Math.abs(p.cy - first.cy) <= 0.05);
    if (new Set(here.map((p) => p.page)).size >= needed) for (const p of here) found.push([p.page, p.index]);
  }
  return found;
}
