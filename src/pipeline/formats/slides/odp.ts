/**
 * ODP → Deck: content.xml's draw:page elements in document order (that is the slide order), each
 * page's frames by presentation:class (title, subtitle, outline, notes…), text boxes with their
 * text:list nesting as bullet levels, table:table, pictures with svg:desc/svg:title as alt text,
 * and draw:g groups read recursively to maxGroupDepth.
 */
import { permanent } from '../../../core/errors.ts';
import type { BoundingBox } from '../../types.ts';
import { openArchive } from './archive.ts';
import {
  checkSlideCount,
  type Deck,
  maxGroupDepth,
  type SlideCell,
  type SlideParagraph,
  type SlideShape,
} from './model.ts';
import { child, childrenNamed, elements, find, path, textOf, type XmlElement } from './xml.ts';

export function readOdp(bytes: Uint8Array): Deck {
  const archive = openArchive(bytes);
  const content = archive.xml('content.xml');
  const presentation = path(
    content ?? undefined,
    'office:document-content',
    'office:body',
    'office:presentation',
  );
  if (!presentation) throw permanent('PARSE_ERROR', 'the ODP has no office:presentation in content.xml');
  const pages = childrenNamed(presentation, 'draw:page');
  checkSlideCount(pages.length);
  const styles = archive.xml('styles.xml');
  const layout = styles ? find(styles, 'style:page-layout-properties') : undefined;
  // LibreOffice's default slide: 28 cm × 15.75 cm (16:9).
  const width = length(layout?.attrs['fo:page-width']) ?? 793.7;
  const height = length(layout?.attrs['fo:page-height']) ?? 446.46;
  const meta = archive.xml('meta.xml');
  const field = (name: string) => {
    const el = meta ? find(meta, name) : undefined;
    return el ? textOf(el).trim() || null : null;
  };
  const slides = pages.map((page) => {
    const shapes: SlideShape[] = [];
    readShapes(page, 0, shapes);
    const notesFrame = child(page, 'presentation:notes');
    const notes = notesFrame ? notesText(notesFrame) : '';
    return { shapes, notes };
  });
  return {
    width,
    height,
    slides,
    title: field('dc:title'),
    author: field('dc:creator') ?? field('meta:initial-creator'),
  };
}

function readShapes(parent: XmlElement, depth: number, out: SlideShape[]): void {
  for (const el of elements(parent)) {
    if (el.name === 'draw:g') {
      if (depth < maxGroupDepth) readShapes(el, depth + 1, out);
      continue;
    }
    if (el.name !== 'draw:frame' && el.name !== 'draw:custom-shape' && el.name !== 'draw:rect') continue;
    const box = frameBox(el);
    const cls = el.attrs['presentation:class'];
    if (cls === 'page-number' || cls === 'footer' || cls === 'date-time' || cls === 'header') continue;
    const table = child(el, 'table:table');
    if (table) {
      out.push({ kind: 'table', box, cells: tableCells(table), headerRows: 0 });
      continue;
    }
    if (child(el, 'draw:image')) {
      const alt = [child(el, 'svg:desc'), child(el, 'svg:title')]
        .map((e) => (e ? textOf(e).trim() : ''))
        .find(Boolean);
      out.push({ kind: 'picture', box, alt: alt ?? '' });
      continue;
    }
    const body = child(el, 'draw:text-box') ?? el;
    const paragraphs = readParagraphs(body, 0, cls === 'outline');
    if (paragraphs.length === 0) {
      if (el.name !== 'draw:frame') out.push({ kind: 'shape', box });
      continue;
    }
    const kind = cls === 'title' ? 'title' : cls === 'subtitle' ? 'subtitle' : 'text';
    out.push({ kind, box, paragraphs });
  }
}

/** text:p / text:h as paragraphs, text:list items as bullets one level deeper per nested list. */
function readParagraphs(body: XmlElement, level: number, outline: boolean, listed = false): SlideParagraph[] {
  const out: SlideParagraph[] = [];
  for (const el of elements(body)) {
    if (el.name === 'text:p' || el.name === 'text:h') {
      const text = inlineText(el)
        .replace(/[ \t\u00a0]+/g, ' ')
        .trim();
      if (text !== '') out.push({ text, level: Math.max(0, level - 1), bullet: listed ? 'bullet' : 'none' });
    } else if (el.name === 'text:list' && level < maxGroupDepth) {
      for (const item of childrenNamed(el, 'text:list-item'))
        out.push(...readParagraphs(item, level + 1, outline, true));
    }
  }
  // An outline frame's top-level paragraphs are bullets even outside a text:list.
  return outline
    ? out.map((p) => ({ ...p, bullet: p.bullet === 'none' && level === 0 ? 'bullet' : p.bullet }))
    : out;
}

function inlineText(el: XmlElement): string {
  let text = '';
  for (const c of el.children) {
    if (typeof c === 'string') text += c;
    else if (c.name === 'text:s') text += ' '.repeat(Math.min(100, Number(c.attrs['text:c'] ?? 1) || 1));
    else if (c.name === 'text:tab') text += '\t';
    else if (c.name === 'text:line-break') text += '\n';
    else if (c.name !== 'office:annotation') text += inlineText(c);
  }
  return text;
}

function notesText(notes: XmlElement): string {
  const frame = childrenNamed(notes, 'draw:frame').find((f) => f.attrs['presentation:class'] === 'notes');
  const body = child(frame, 'draw:text-box');
  return body
    ? readParagraphs(body, 0, false)
        .map((p) => p.text)
        .join('\n')
    : '';
}

function tableCells(table: XmlElement): SlideCell[] {
  const cells: SlideCell[] = [];
  const rows = elements(table).flatMap((e) =>
    e.name === 'table:table-header-rows'
      ? childrenNamed(e, 'table:table-row')
      : e.name === 'table:table-row'
        ? [e]
        : [],
  );
  rows.forEach((tr, row) => {
    let col = 0;
    for (const tc of elements(tr)) {
      if (tc.name === 'table:covered-table-cell') {
        col++;
        continue;
      }
      if (tc.name !== 'table:table-cell') continue;
      const span = (v: string | undefined) => Math.max(1, Math.min(1000, Number(v ?? 1) || 1));
      const text = readParagraphs(tc, 0, false)
        .map((p) => p.text)
        .join('\n');
      cells.push({
        row,
        col,
        rowSpan: span(tc.attrs['table:number-rows-spanned']),
        colSpan: span(tc.attrs['table:number-columns-spanned']),
        text,
      });
      col++;
    }
  });
  return cells;
}

function frameBox(el: XmlElement): BoundingBox | null {
  const [x, y, w, h] = ['svg:x', 'svg:y', 'svg:width', 'svg:height'].map((k) => length(el.attrs[k]));
  if (x === null || y === null || w === null || h === null) return null;
  const r = (v: number) => Math.round(v * 100) / 100;
  return [r(x!), r(y!), r(x! + w!), r(y! + h!)];
}

const pointsPer: Record<string, number> = { pt: 1, in: 72, cm: 72 / 2.54, mm: 72 / 25.4, pc: 12, px: 0.75 };

/** An ODF length ("2.5cm", "1in") in points, or null. */
function length(value: string | undefined): number | null {
  const m = value?.trim().match(/^(-?[\d.]+)(pt|in|cm|mm|pc|px)$/);
  if (!m) return null;
  const n = Number(m[1]) * pointsPer[m[2]!]!;
  return Number.isFinite(n) ? n : null;
}
