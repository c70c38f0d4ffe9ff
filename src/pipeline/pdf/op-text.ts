/**
 * A page's text items from its operator list, so one pdfjs pass per page gives text, rulings and
 * images: getTextContent re-parses the content stream and costs as much again (~27 ms per arXiv
 * page next to the operator list's ~30 ms). The items are what getTextContent gives (string,
 * direction, width, start transform, font id), built by the same rules: glyphs are placed as the
 * text state says (Tm, Tlm, Tc, Tw, Tz, Ts, TL, Tf and the CTM), whitespace glyphs become at most
 * one space, a gap of 0.1–0.6 em inside a line becomes a space, a wider one or a move back starts
 * another item, and a move to another line ends one (thresholds are pdfjs' own, in em of the Tf
 * size, so the spaces come out where they did). Unlike there, the text of annotations' appearances is
 * read too (a filled form field's value, a stamp, a free-text note), as pdftotext reads it: a form
 * filled and saved with its fields keeps its values only there.
 *
 * This file walks the operators and keeps the text state (save and restore, matrices, fonts, form
 * XObjects, annotations); glyph-placement.ts places each shown glyph and weighs the gap before it,
 * text-item-collector.ts holds the item being built.
 */
import { OPS, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { FONT_IDENTITY, type Glyph, type OpFont, type State, showText } from './glyph-placement.ts';
import { Collector, IDENTITY, type Matrix, type TextItem } from './text-item-collector.ts';

/**
 * Text items of a page's operator list. `fonts` looks a font id up (page.commonObjs); `view` is
 * the page's box (page.view): glyphs outside it are left out.
 */
export function operatorTextItems(
  list: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> },
  fonts: (id: string) => OpFont | null,
  view: readonly number[],
): TextItem[] {
  const items: TextItem[] = [];
  const initial: State = {
    ctm: IDENTITY,
    tm: [...IDENTITY],
    tlm: [...IDENTITY],
    fontId: null,
    font: null,
    fontMatrix: FONT_IDENTITY,
    size: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    rise: 0,
    leading: 0,
    invisible: false,
  };
  const copy = (s: State): State => ({ ...s, tm: [...s.tm], tlm: [...s.tlm] });
  let state = copy(initial);
  const saved: State[] = [];
  // A form XObject's text is collected apart, as pdfjs reads it in its own pass.
  let out = new Collector(items);
  const outer: Collector[] = [];

  const setFont = (id: string, size: number) => {
    if (state.font && id === state.fontId && size === state.size) return;
    const font = fonts(id);
    state.fontId = id;
    state.font = font;
    state.fontMatrix = font?.fontMatrix ?? FONT_IDENTITY;
    state.size = size;
  };

  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[];
    switch (fn) {
      case OPS.save:
        saved.push(copy(state));
        break;
      case OPS.restore:
        state = saved.pop() ?? state;
        break;
      case OPS.transform:
        state.ctm = Util.transform(state.ctm, args as Matrix) as Matrix;
        break;
      case OPS.paintFormXObjectBegin: {
        out.flush();
        saved.push(copy(state));
        const matrix = args[0] as ArrayLike<number> | null;
        if (matrix) state.ctm = Util.transform(state.ctm, Array.from(matrix)) as Matrix;
        outer.push(out);
        out = new Collector(items);
        break;
      }
      case OPS.paintFormXObjectEnd:
        out.flush();
        out = outer.pop() ?? new Collector(items);
        state = saved.pop() ?? state;
        break;
      case OPS.beginAnnotation: {
        // An annotation's appearance is drawn from the page's base space (pdfjs' canvas resets
        // to it), placed by the annotation's transform and its form's matrix.
        const [, , transform, matrix] = args as [unknown, unknown, Matrix | null, Matrix | null];
        out.flush();
        saved.push(copy(state));
        state = copy(initial);
        if (transform) state.ctm = Util.transform(state.ctm, transform) as Matrix;
        if (matrix) state.ctm = Util.transform(state.ctm, matrix) as Matrix;
        outer.push(out);
        out = new Collector(items);
        break;
      }
      case OPS.endAnnotation:
        out.flush();
        out = outer.pop() ?? new Collector(items);
        state = saved.pop() ?? state;
        break;
      case OPS.paintImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintImageXObjectRepeat:
      case OPS.paintImageMaskXObjectGroup:
      case OPS.paintSolidColorImageMask:
        out.flush(); // pdfjs ends the item at any XObject
        break;
      case OPS.setFont:
        setFont(args[0] as string, args[1] as number);
        break;
      case OPS.setGState:
        for (const [key, value] of args[0] as [string, unknown][]) {
          if (key !== 'Font') continue;
          out.flush();
          const [id, size] = value as [string, number];
          state.fontId = null; // a gstate font is always loaded anew
          setFont(id, size);
        }
        break;
      case OPS.setTextRenderingMode:
        state.invisible = args[0] === 3 || args[0] === 7;
        break;
      case OPS.setTextRise:
        state.rise = args[0] as number;
        break;
      case OPS.setHScale:
        state.hScale = (args[0] as number) / 100;
        break;
      case OPS.setLeading:
        state.leading = args[0] as number;
        break;
      case OPS.setLeadingMoveText:
        state.leading = -(args[1] as number);
        moveLine(state, args[0] as number, args[1] as number);
        break;
      case OPS.moveText:
        moveLine(state, args[0] as number, args[1] as number);
        break;
      case OPS.nextLine:
        moveLine(state, 0, -state.leading);
        break;
      case OPS.setTextMatrix:
        // One argument, the matrix (a Float32Array).
        state.tm = Array.from(args[0] as ArrayLike<number>) as Matrix;
        state.tlm = [...state.tm];
        rescale(out, state);
        break;
      case OPS.setCharSpacing:
        state.charSpacing = args[0] as number;
        break;
      case OPS.setWordSpacing:
        state.wordSpacing = args[0] as number;
        break;
      case OPS.beginText:
        state.tm = [...IDENTITY];
        state.tlm = [...IDENTITY];
        break;
      case OPS.showText:
        if (state.font) showText(out, state, args[0] as (Glyph | number)[], view);
        break;
    }
  }
  out.flush();
  for (const c of outer.reverse()) c.flush();
  return items;
}

function moveLine(state: State, x: number, y: number): void {
  const m = state.tlm;
  m[4] += m[0] * x + m[2] * y;
  m[5] += m[1] * x + m[3] * y;
  state.tm = [...m];
}

/** A new text matrix with another scale: the item's width so far is kept in user space. */
function rescale(out: Collector, state: State): void {
  if (!out.active) return;
  const scale = Math.hypot(state.ctm[0], state.ctm[1]) * Math.hypot(state.tlm[0], state.tlm[1]);
  if (scale === out.advanceScale) return;
  if (out.vertical) {
    out.totalHeight += out.height * out.advanceScale;
    out.height = 0;
  } else {
    out.totalWidth += out.width * out.advanceScale;
    out.width = 0;
  }
  out.advanceScale = scale;
}
