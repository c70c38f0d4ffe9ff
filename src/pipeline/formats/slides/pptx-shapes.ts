/**
 * A PresentationML shape tree (p:spTree) → SlideShapes: text shapes with their paragraphs and
 * bullet levels, tables (a:tbl), pictures with their alt text, and group shapes read recursively
 * (to maxGroupDepth) with their child coordinate space mapped onto the slide.
 */
import type { BoundingBox } from '../../types.ts';
import { maxGroupDepth, type SlideCell, type SlideParagraph, type SlideShape } from './model.ts';
import { child, childrenNamed, elements, path, type XmlElement } from './xml.ts';

const EMU_PER_POINT = 12_700;
/** Placeholders that are page furniture (date, footer, slide number): not slide content. */
const furniture = new Set(['dt', 'ftr', 'sldNum', 'hdr']);
/** Placeholders whose paragraphs are not bulleted unless they say so. */
const unbulleted = new Set([
  'title',
  'ctrTitle',
  'subTitle',
  'pic',
  'tbl',
  'chart',
  'obj',
  'media',
  'clipArt',
]);

/** Maps a group's child coordinates (EMU) onto the slide's. */
type Transform = (box: BoundingBox) => BoundingBox;
const identity: Transform = (box) => box;

/** Where a placeholder sits when the slide does not say (its layout does): by idx or type. */
export type PlaceholderBoxes = (ph: XmlElement) => BoundingBox | null;

export function readShapeTree(tree: XmlElement, placeholderBox: PlaceholderBoxes): SlideShape[] {
  const shapes: SlideShape[] = [];
  walk(tree, 0, identity, placeholderBox, shapes);
  return shapes;
}

function walk(
  tree: XmlElement,
  depth: number,
  transform: Transform,
  placeholderBox: PlaceholderBoxes,
  out: SlideShape[],
): void {
  for (const el of elements(tree)) {
    switch (el.name) {
      case 'p:sp': {
        const shape = textShape(el, transform, placeholderBox);
        if (shape) out.push(shape);
        break;
      }
      case 'p:grpSp':
        if (depth < maxGroupDepth) walk(el, depth + 1, groupTransform(el, transform), placeholderBox, out);
        break;
      case 'p:graphicFrame': {
        const table = path(el, 'a:graphic', 'a:graphicData', 'a:tbl');
        const box = xfrmBox(child(el, 'p:xfrm'), transform);
        if (table) out.push({ kind: 'table', box, ...tableCells(table) });
        break;
      }
      case 'p:pic': {
        const alt = path(el, 'p:nvPicPr', 'p:cNvPr')?.attrs.descr ?? '';
        out.push({ kind: 'picture', box: xfrmBox(path(el, 'p:spPr', 'a:xfrm'), transform), alt: alt.trim() });
        break;
      }
      case 'mc:AlternateContent': {
        // Newer shapes with a fallback for older readers: read one branch, not both.
        const branch = child(el, 'mc:Choice') ?? child(el, 'mc:Fallback');
        if (branch && depth < maxGroupDepth) walk(branch, depth + 1, transform, placeholderBox, out);
        break;
      }
    }
  }
}

function textShape(
  sp: XmlElement,
  transform: Transform,
  placeholderBox: PlaceholderBoxes,
): SlideShape | null {
  const ph = path(sp, 'p:nvSpPr', 'p:nvPr', 'p:ph');
  const type = ph ? (ph.attrs.type ?? 'body') : null;
  if (type && furniture.has(type)) return null;
  const box = xfrmBox(path(sp, 'p:spPr', 'a:xfrm'), transform) ?? (ph ? placeholderBox(ph) : null);
  const bulletedByDefault = type !== null && !unbulleted.has(type);
  const paragraphs = readParagraphs(child(sp, 'p:txBody'), bulletedByDefault);
  if (paragraphs.length === 0) return ph ? null : { kind: 'shape', box };
  const kind = type === 'title' || type === 'ctrTitle' ? 'title' : type === 'subTitle' ? 'subtitle' : 'text';
  return { kind, box, paragraphs };
}

/** A text body's non-empty paragraphs: runs, fields and line breaks in order. */
export function readParagraphs(body: XmlElement | undefined, bulletedByDefault: boolean): SlideParagraph[] {
  const out: SlideParagraph[] = [];
  for (const p of childrenNamed(body, 'a:p')) {
    let text = '';
    let size = 0;
    for (const run of elements(p)) {
      if (run.name === 'a:r' || run.name === 'a:fld') {
        text += plain(child(run, 'a:t'));
        size = Math.max(size, (Number(child(run, 'a:rPr')?.attrs.sz) || 0) / 100);
      } else if (run.name === 'a:br') text += '\n';
    }
    text = text.replace(/[ \t\u00a0]+/g, ' ').trim();
    if (text === '') continue;
    const pPr = child(p, 'a:pPr');
    const level = Math.max(0, Math.min(8, Number(pPr?.attrs.lvl ?? 0) || 0));
    const bullet = child(pPr, 'a:buNone')
      ? 'none'
      : child(pPr, 'a:buAutoNum')
        ? 'number'
        : child(pPr, 'a:buChar', 'a:buBlip') || bulletedByDefault
          ? 'bullet'
          : 'none';
    out.push(size > 0 ? { text, level, bullet, size } : { text, level, bullet });
  }
  return out;
}

const plain = (t: XmlElement | undefined) =>
  t ? t.children.map((c) => (typeof c === 'string' ? c : '')).join('') : '';

function tableCells(tbl: XmlElement): { cells: SlideCell[]; headerRows: number } {
  const cells: SlideCell[] = [];
  childrenNamed(tbl, 'a:tr').forEach((tr, row) => {
    childrenNamed(tr, 'a:tc').forEach((tc, col) => {
      // Cells covered by a span are written as placeholders with hMerge/vMerge: skip them.
      if (tc.attrs.hMerge === '1' || tc.attrs.vMerge === '1') return;
      const text = readParagraphs(child(tc, 'a:txBody'), false)
        .map((p) => p.text)
        .join('\n');
      const span = (v: string | undefined) => Math.max(1, Math.min(1000, Number(v ?? 1) || 1));
      cells.push({ row, col, rowSpan: span(tc.attrs.rowSpan), colSpan: span(tc.attrs.gridSpan), text });
    });
  });
  const headerRows = child(tbl, 'a:tblPr')?.attrs.firstRow === '1' ? 1 : 0;
  return { cells, headerRows };
}

/** a:xfrm (a:off, a:ext in EMU) → a box in points through the group transforms. */
export function xfrmBox(xfrm: XmlElement | undefined, transform: Transform = identity): BoundingBox | null {
  const off = child(xfrm, 'a:off');
  const ext = child(xfrm, 'a:ext');
  if (!off || !ext) return null;
  const x = Number(off.attrs.x);
  const y = Number(off.attrs.y);
  const cx = Number(ext.attrs.cx);
  const cy = Number(ext.attrs.cy);
  if (![x, y, cx, cy].every(Number.isFinite)) return null;
  const [x0, y0, x1, y1] = transform([x, y, x + cx, y + cy]);
  const pt = (v: number) => Math.round((v / EMU_PER_POINT) * 100) / 100;
  return [pt(x0), pt(y0), pt(x1), pt(y1)];
}

/** A group's a:chOff/a:chExt (its children's space) mapped onto its a:off/a:ext, then the parent's. */
function groupTransform(group: XmlElement, parent: Transform): Transform {
  const xfrm = path(group, 'p:grpSpPr', 'a:xfrm');
  const n = (el: XmlElement | undefined, key: string) => Number(el?.attrs[key]);
  const [ox, oy, ex, ey] = [
    n(child(xfrm, 'a:off'), 'x'),
    n(child(xfrm, 'a:off'), 'y'),
    n(child(xfrm, 'a:ext'), 'cx'),
    n(child(xfrm, 'a:ext'), 'cy'),
  ];
  const [cx, cy, cex, cey] = [
    n(child(xfrm, 'a:chOff'), 'x'),
    n(child(xfrm, 'a:chOff'), 'y'),
    n(child(xfrm, 'a:chExt'), 'cx'),
    n(child(xfrm, 'a:chExt'), 'cy'),
  ];
  if (![ox, oy, ex, ey, cx, cy, cex, cey].every(Number.isFinite) || cex === 0 || cey === 0) return parent;
  const sx = ex / cex;
  const sy = ey / cey;
  return ([x0, y0, x1, y1]) =>
    parent([ox + (x0 - cx) * sx, oy + (y0 - cy) * sy, ox + (x1 - cx) * sx, oy + (y1 - cy) * sy]);
}

/** Type set this large on a slide is a title's, not body text's (PowerPoint's body default is 18 pt). */
const titleSize = 24;

/**
 * Decks made without a title placeholder (drawn text boxes only: generated decks, PDF
 * conversions) still have a title: on a slide with none, the topmost text box holding one short
 * unbulleted paragraph set at titleSize or more becomes it.
 */
export function promoteTitle(shapes: SlideShape[]): SlideShape[] {
  if (shapes.some((s) => s.kind === 'title')) return shapes;
  let best: number | null = null;
  shapes.forEach((s, k) => {
    if (s.kind !== 'text' || !s.box || s.paragraphs.length !== 1) return;
    const p = s.paragraphs[0]!;
    if (p.bullet !== 'none' || (p.size ?? 0) < titleSize || p.text.length > 150) return;
    const top = shapes[best ?? k]!.box![1];
    if (best === null || s.box[1] < top) best = k;
  });
  if (best === null) return shapes;
  return shapes.map((s, k) => (k === best && s.kind === 'text' ? { ...s, kind: 'title' } : s));
}
