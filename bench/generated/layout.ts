/**
 * Page composition for the generated documents: text flows through columns and pages, and every
 * sentence, heading, list item, caption and table cell is recorded with the page(s) and column it
 * landed in. The tests (tests.ts) are derived from those records, never from reading the PDF back.
 * Coordinates are PDF points with y from the top, as makePdf takes them.
 */
import type { PdfPageSpec } from '../../src/pipeline/testing/fixtures.ts';

export type Style = 'regular' | 'bold' | 'mono' | 'italic';

// Helvetica advance widths (1/1000 em) of ASCII 32-126, from its AFM: wrapping must not overrun a
// column, or a line would cross the gutter and no reader could be blamed for merging it.
const helvetica = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Width in points; accented letters as their base letter, bold 10 % wider (a safe bound), Courier 600. */
export function textWidth(text: string, size: number, style: Style = 'regular'): number {
  if (style === 'mono') return (text.length * 600 * size) / 1000;
  let units = 0;
  for (const c of text.normalize('NFD')) {
    const code = c.charCodeAt(0);
    if (code >= 0x300 && code < 0x370) continue; // combining accent
    units += code >= 32 && code <= 126 ? helvetica[code - 32]! : c === 'ß' ? 611 : 600;
  }
  return ((style === 'bold' ? 1.1 : 1) * units * size) / 1000;
}

/** Greedy word wrap at `width` points. */
export function wrap(text: string, width: number, size: number, style: Style = 'regular'): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size, style) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export interface Rect {
  x: number;
  top: number;
  width: number;
  bottom: number;
}

export type Kind = 'sentence' | 'heading' | 'item' | 'caption' | 'note' | 'byline';

/** One piece of text as the generator placed it. */
export interface Placed {
  kind: Kind;
  text: string;
  flow: string;
  /** Reading order within the flow. */
  seq: number;
  /** Pages (0-based) its lines are on, and the column of each line, as `page:column`. */
  pages: Set<number>;
  columns: Set<string>;
  level?: number;
}

/** The part of a table drawn on one page: its logical grid (spans repeated into every slot they cover). */
export interface TablePart {
  page: number;
  grid: string[][];
  headerRows: number;
}

/** Text outside the flows: running heads, footers, page numbers, watermarks; `absent` when a test should say so. */
export interface Furniture {
  page: number;
  text: string;
  absent: boolean;
}

export class Doc {
  readonly pages: PdfPageSpec[] = [];
  readonly placed: Placed[] = [];
  readonly tables: TablePart[] = [];
  readonly furniture: Furniture[] = [];
  private seq = 0;
  readonly size: readonly [number, number];
  constructor(size: readonly [number, number]) {
    this.size = size;
  }
  page(p: number): PdfPageSpec {
    while (this.pages.length <= p) this.pages.push({ lines: [], rules: [], bars: [] });
    return this.pages[p]!;
  }
  line(p: number, size: number, x: number, y: number, text: string, style: Style = 'regular') {
    const round = (v: number) => Math.round(v * 100) / 100;
    this.page(p).lines.push([size, round(x), round(y), text, style === 'regular' ? undefined : style]);
  }
  record(kind: Kind, text: string, flow: string, level?: number): Placed {
    const item: Placed = { kind, text, flow, seq: this.seq++, pages: new Set(), columns: new Set(), level };
    this.placed.push(item);
    return item;
  }
  /** Running heads and footers: drawn, and kept for `absent` tests unless a bare number. */
  furnish(p: number, size: number, x: number, y: number, text: string, style: Style = 'regular') {
    this.line(p, size, x, y, text, style);
    this.furniture.push({ page: p, text, absent: !/^\d+$/.test(text) });
  }
}

/** A stream of blocks laid out through the columns `frames(page)` gives, page after page. */
export class Flow {
  page: number;
  col = 0;
  y: number;
  readonly doc: Doc;
  readonly name: string;
  readonly frames: (page: number) => Rect[];
  constructor(doc: Doc, name: string, frames: (page: number) => Rect[], startPage = 0) {
    [this.doc, this.name, this.frames] = [doc, name, frames];
    this.page = startPage;
    doc.page(startPage);
    this.y = this.rect.top;
  }
  get rect(): Rect {
    return this.frames(this.page)[this.col]!;
  }
  room(): number {
    return this.rect.bottom - this.y;
  }
  advance(): void {
    this.col++;
    if (this.col >= this.frames(this.page).length) {
      this.col = 0;
      this.page++;
      this.doc.page(this.page);
    }
    this.y = this.rect.top;
  }
  /** Room for `h` points here, or the next column; then the top of that space. */
  ensure(h: number): void {
    if (this.y + h > this.rect.bottom + 0.01 && this.y > this.rect.top) this.advance();
  }
  gap(h: number): void {
    if (this.y > this.rect.top) this.y = Math.min(this.y + h, this.rect.bottom);
  }
  /** One line of text at `dx` from the column's left edge; baseline one font size below the top. */
  text(text: string, size: number, lead: number, style: Style, dx = 0, marks: Placed[] = []): void {
    this.ensure(lead);
    this.doc.line(this.page, size, this.rect.x + dx, this.y + size, text, style);
    for (const item of marks) {
      item.pages.add(this.page);
      item.columns.add(`${this.page}:${this.col}`);
    }
    this.y += lead;
  }
}

export interface TextStyle {
  size: number;
  lead: number;
  style?: Style;
}

/**
 * Sentences run together into one paragraph, wrapped at the column width minus `indent`; each
 * sentence recorded with the lines it touches.
 */
export function paragraph(
  flow: Flow,
  sentences: string[],
  t: TextStyle,
  kind: Kind = 'sentence',
  indent = 0,
) {
  const items = sentences.map((s) => flow.doc.record(kind, s, flow.name));
  const words = sentences.flatMap((s, k) => s.split(' ').map((w) => ({ w, k })));
  const style = t.style ?? 'regular';
  let line: typeof words = [];
  const flush = () => {
    const marks = [...new Set(line.map((x) => items[x.k]!))];
    flow.text(line.map((x) => x.w).join(' '), t.size, t.lead, style, indent, marks);
    line = [];
  };
  for (const word of words) {
    const next = [...line, word].map((x) => x.w).join(' ');
    if (line.length > 0 && textWidth(next, t.size, style) > flow.rect.width - indent) flush();
    line.push(word);
  }
  if (line.length > 0) flush();
  flow.gap(t.lead * 0.6);
}

/** A heading kept with the first lines after it (`keep` points); wrapped if long. */
export function heading(flow: Flow, text: string, t: TextStyle, level: number, keep: number) {
  const lines = wrap(text, flow.rect.width, t.size, t.style ?? 'bold');
  flow.gap(t.lead * 0.5);
  flow.ensure(lines.length * t.lead + keep);
  const item = flow.doc.record('heading', text, flow.name, level);
  for (const line of lines) flow.text(line, t.size, t.lead, t.style ?? 'bold', 0, [item]);
  flow.gap(t.lead * 0.2);
}

export interface ListItem {
  level: number;
  text: string;
}

/** Bulleted (•, then –) or numbered (1., then a)) items, nested by indent, hanging text. */
export function list(flow: Flow, items: ListItem[], t: TextStyle, numbered: boolean) {
  const counters = [0, 0, 0];
  for (const { level, text } of items) {
    counters[level]!++;
    for (let l = level + 1; l < counters.length; l++) counters[l] = 0;
    const n = counters[level]!;
    const marker = numbered
      ? level === 0
        ? `${n}.`
        : `${String.fromCharCode(96 + n)})`
      : level === 0
        ? '•'
        : '–';
    const indent = 6 + level * 16;
    const hang = indent + (numbered ? 16 : 11);
    const item = flow.doc.record('item', text, flow.name, level);
    const lines = wrap(text, flow.rect.width - hang, t.size);
    flow.ensure(Math.min(2, lines.length) * t.lead);
    lines.forEach((line, k) => {
      if (k === 0) {
        flow.ensure(t.lead);
        flow.doc.line(flow.page, t.size, flow.rect.x + indent, flow.y + t.size, marker);
      }
      flow.text(line, t.size, t.lead, 'regular', hang, [item]);
    });
    flow.gap(t.lead * 0.15);
  }
  flow.gap(t.lead * 0.5);
}

/** A grey picture (one per page: makePdf draws one image) with its caption under it. */
export function figure(
  flow: Flow,
  jpeg: { jpeg: Uint8Array; width: number; height: number },
  caption: string,
  t: TextStyle,
): boolean {
  const width = flow.rect.width;
  const height = Math.min(180, Math.round(width * 0.5));
  const captionLines = wrap(caption, width, t.size, t.style);
  flow.gap(t.lead * 0.5);
  flow.ensure(height + 6 + captionLines.length * t.lead);
  const page = flow.doc.page(flow.page);
  if (page.scan) return false;
  page.scan = { ...jpeg, box: [flow.rect.x, flow.y, width, height] };
  flow.y += height + 6;
  const item = flow.doc.record('caption', caption, flow.name);
  for (const line of captionLines) flow.text(line, t.size, t.lead, t.style ?? 'regular', 0, [item]);
  flow.gap(t.lead * 0.8);
  return true;
}
