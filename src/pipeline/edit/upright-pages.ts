/**
 * Pages that carry their own /Rotate, as redaction sees them: upright. Our layout reads a turned
 * page's text but not its lines (the glyphs run down the rendered page), and a redaction needs the
 * words' boxes. So each such page is copied with /Rotate 0 and parsed again: the redaction finds,
 * paints and rewrites it upright, and the new page gets its rotation back, looking as it did.
 */
import { degrees, type PDFDocument, PDFDocument as PdfDocument } from 'pdf-lib';
import type { BoundingBox, ParsedDocument, ParsedPage } from '../types.ts';

export interface UprightPage {
  /** The PDF of the source's turned pages, each with /Rotate 0. */
  pdf: Uint8Array;
  /** 1-based page in that PDF. */
  index: number;
  parsed: ParsedPage;
  /** The source page's own rotation (clockwise degrees: 90, 180, 270). */
  rotation: number;
  /** Its size upright, in points. */
  width: number;
  height: number;
}

/** Per source index, per 1-based page: the upright view of each turned page. */
export type UprightViews = ReadonlyMap<number, ReadonlyMap<number, UprightPage>>;

export async function uprightViews(
  documents: readonly PDFDocument[],
  reparse: (pdf: Uint8Array) => Promise<ParsedDocument>,
): Promise<UprightViews> {
  const views = new Map<number, Map<number, UprightPage>>();
  for (const [source, document] of documents.entries()) {
    const turned = document
      .getPages()
      .flatMap((page, k) => (((page.getRotation().angle % 360) + 360) % 360 !== 0 ? [k] : []));
    if (turned.length === 0) continue;
    const upright = await PdfDocument.create();
    for (const page of await upright.copyPages(document, turned)) {
      page.setRotation(degrees(0));
      upright.addPage(page);
    }
    const pdf = await upright.save();
    const parsed = await reparse(pdf);
    const pages = new Map<number, UprightPage>();
    for (const [n, k] of turned.entries()) {
      const page = parsed.pages.find((candidate) => candidate.page === n + 1);
      if (!page) continue;
      const { width, height } = upright.getPage(n).getSize();
      const rotation = ((document.getPage(k).getRotation().angle % 360) + 360) % 360;
      pages.set(k + 1, { pdf, index: n + 1, parsed: page, rotation, width, height });
    }
    views.set(source, pages);
  }
  return views;
}

/**
 * A box on the page as it is shown (turned by `rotation` clockwise; top-left origin, as the parse
 * of the source gives evidence boxes) in the upright page's coordinates.
 */
export function uprightBox(
  box: BoundingBox,
  view: Pick<UprightPage, 'rotation' | 'width' | 'height'>,
): BoundingBox {
  const { width: w, height: h } = view;
  const point = (x: number, y: number): [number, number] => {
    switch (view.rotation) {
      case 90:
        return [y, h - x];
      case 180:
        return [w - x, h - y];
      case 270:
        return [w - y, x];
      default:
        return [x, y];
    }
  };
  const [ax, ay] = point(box[0], box[1]);
  const [bx, by] = point(box[2], box[3]);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}
