/**
 * PPTX → Deck. Slide order is presentation.xml's p:sldIdLst (file names say nothing: a slide
 * moved in PowerPoint keeps its slideN.xml). Placeholders without a position of their own take
 * their layout's, then their master's; speaker notes come from the slide's notesSlide part.
 */
import { permanent } from '../../../core/errors.ts';
import type { BoundingBox } from '../../types.ts';
import { type Archive, openArchive, relationOfType, relationships } from './archive.ts';
import { checkSlideCount, type Deck, type Slide } from './model.ts';
import {
  type PlaceholderBoxes,
  promoteTitle,
  readParagraphs,
  readShapeTree,
  xfrmBox,
} from './pptx-shapes.ts';
import { child, childrenNamed, elements, find, path, textOf, type XmlElement } from './xml.ts';

const EMU_PER_POINT = 12_700;

export function readPptx(bytes: Uint8Array): Deck {
  const archive = openArchive(bytes);
  const presentationPart = 'ppt/presentation.xml';
  const presentation = child(archive.xml(presentationPart) ?? undefined, 'p:presentation');
  if (!presentation) throw permanent('PARSE_ERROR', 'the PPTX has no ppt/presentation.xml');
  const size = child(presentation, 'p:sldSz');
  // 10 in × 7.5 in (4:3) is PresentationML's default when sldSz is missing.
  const width = (Number(size?.attrs.cx) || 9_144_000) / EMU_PER_POINT;
  const height = (Number(size?.attrs.cy) || 6_858_000) / EMU_PER_POINT;
  const rels = relationships(archive, presentationPart);
  const ids = childrenNamed(child(presentation, 'p:sldIdLst'), 'p:sldId');
  checkSlideCount(ids.length);
  const layouts = new Map<string, PlaceholderBoxes>();
  const slides: Slide[] = [];
  for (const id of ids) {
    const target = rels.get(id.attrs['r:id'] ?? '')?.target;
    if (target && archive.has(target)) slides.push(readSlide(archive, target, layouts));
  }
  const core = archive.xml('docProps/core.xml') ?? undefined;
  const field = (name: string) => {
    const el = core ? find(core, name) : undefined;
    return el ? textOf(el).trim() || null : null;
  };
  return { width, height, slides, title: field('dc:title'), author: field('dc:creator') };
}

function readSlide(archive: Archive, part: string, layouts: Map<string, PlaceholderBoxes>): Slide {
  const root = child(archive.xml(part) ?? undefined, 'p:sld');
  const tree = path(root, 'p:cSld', 'p:spTree');
  const rels = relationships(archive, part);
  const layoutPart = relationOfType(rels, '/slideLayout');
  let boxes = layoutPart ? layouts.get(layoutPart) : undefined;
  if (!boxes) {
    boxes = layoutBoxes(archive, layoutPart);
    if (layoutPart) layouts.set(layoutPart, boxes);
  }
  const shapes = tree ? promoteTitle(readShapeTree(tree, boxes)) : [];
  const notesPart = relationOfType(rels, '/notesSlide');
  // A hidden slide (show="0") is still part of the deck's content: it is read like the others.
  return { shapes, notes: notesPart ? readNotes(archive, notesPart) : '' };
}

/** The body placeholder of a notes slide (the slide image and slide number are not notes). */
function readNotes(archive: Archive, part: string): string {
  const tree = path(archive.xml(part) ?? undefined, 'p:notes', 'p:cSld', 'p:spTree');
  for (const sp of childrenNamed(tree, 'p:sp')) {
    const ph = path(sp, 'p:nvSpPr', 'p:nvPr', 'p:ph');
    if (ph?.attrs.type !== 'body') continue;
    return readParagraphs(child(sp, 'p:txBody'), false)
      .map((p) => p.text)
      .join('\n');
  }
  return '';
}

/** Placeholder positions of a layout and of its master, matched by idx, then by type. */
function layoutBoxes(archive: Archive, layoutPart: string | null): PlaceholderBoxes {
  const layout = layoutPart ? placeholders(archive, layoutPart, 'p:sldLayout') : [];
  const masterPart = layoutPart ? relationOfType(relationships(archive, layoutPart), '/slideMaster') : null;
  const master = masterPart ? placeholders(archive, masterPart, 'p:sldMaster') : [];
  const typeOf = (ph: XmlElement) => ph.attrs.type ?? 'body';
  const sameType = (a: string, b: string) => a === b || (a === 'ctrTitle' && b === 'title');
  return (ph) => {
    const byIdx = ph.attrs.idx ? layout.find((p) => p.ph.attrs.idx === ph.attrs.idx) : undefined;
    const found =
      byIdx?.box ??
      layout.find((p) => sameType(typeOf(ph), typeOf(p.ph)) && p.box)?.box ??
      master.find((p) => sameType(typeOf(ph), typeOf(p.ph)) && p.box)?.box;
    return found ?? null;
  };
}

function placeholders(
  archive: Archive,
  part: string,
  rootName: string,
): { ph: XmlElement; box: BoundingBox | null }[] {
  const tree = path(archive.xml(part) ?? undefined, rootName, 'p:cSld', 'p:spTree');
  const out: { ph: XmlElement; box: BoundingBox | null }[] = [];
  for (const sp of tree ? elements(tree) : []) {
    const ph = path(sp, 'p:nvSpPr', 'p:nvPr', 'p:ph');
    if (ph) out.push({ ph, box: xfrmBox(path(sp, 'p:spPr', 'a:xfrm')) });
  }
  return out;
}
