/**
 * Where each glyph of a shown string goes (op-text.ts walks the operators and keeps the text state;
 * this places a showText's glyphs by it: Tm, Tc, Tw, Tz, Ts, Tf and the CTM) and what the gap before
 * it means: whitespace glyphs become at most one space, a gap of 0.1–0.6 em inside a line becomes a
 * space, a wider one or a move back starts another item, and a move to another line ends one;
 * vertical fonts the same down the page. Thresholds are pdfjs' own, in em of the Tf size, so the
 * spaces come out where getTextContent puts them. Glyphs outside the page's box are left out.
 */
import { Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Collector, Matrix } from './text-item-collector.ts';

/** What is read of a loaded font (page.commonObjs). */
export interface OpFont {
  fontMatrix?: number[] | undefined;
  vertical?: boolean | undefined;
  isType3Font?: boolean | undefined;
  bbox?: number[] | undefined;
}

export interface Glyph {
  unicode: string;
  width: number;
  isSpace?: boolean;
  vmetric?: number[];
}

// In em of the Tf size, as pdfjs has them: gaps up to TRACKING are letter spacing, SPACE_MIN..
// SPACE_MAX a word space inside the item, more (or a move back beyond NEGATIVE) a new item.
const TRACKING = 0.102;
const NOT_A_SPACE = 0.03;
const NEGATIVE = -0.2;
const SPACE_MIN = 0.102;
const SPACE_MAX = 0.6;
/** A baseline shift over this share of the line height (a subscript's is less) ends the item. */
const VERTICAL_SHIFT = 0.25;
export const FONT_IDENTITY = [0.001, 0, 0, 0.001, 0, 0];

/** The text state: kept by the operator walk (op-text.ts), read and advanced here. */
export interface State {
  ctm: Matrix;
  tm: Matrix;
  tlm: Matrix;
  fontId: string | null;
  font: OpFont | null;
  fontMatrix: number[];
  size: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
  leading: number;
  /**
   * Text rendering mode 3 (neither filled nor stroked) or 7 (clip only): the invisible text layer
   * an OCR program lays over a scan, whose font (often Courier) says nothing of the print's.
   */
  invisible: boolean;
}

const SPECIAL = /^(?:(\s+)|(\p{Mn}+)|(\p{Cf}+))$/u;
/** 0: plain, 1: whitespace, 2: zero-width diacritic, 3: invisible format mark. */
const categories = new Map<string, number>();
function category(unicode: string): number {
  let c = categories.get(unicode);
  if (c === undefined) {
    const m = SPECIAL.exec(unicode);
    c = !m ? 0 : m[1] ? 1 : m[2] ? 2 : 3;
    categories.set(unicode, c);
  }
  return c;
}

function translate(state: State, x: number, y: number): void {
  const m = state.tm;
  m[4] += m[0] * x + m[2] * y;
  m[5] += m[1] * x + m[3] * y;
}

/** Where the next glyph starts: CTM × Tm × (Tf size × Tz, Tf size, rise). */
function textTransform(state: State): Matrix {
  const { font, size } = state;
  const tsm: Matrix = [size * state.hScale, 0, 0, size, 0, state.rise];
  const fm = state.fontMatrix;
  // A type3 font at size ≤ 1 carries its size in its font matrix: its height is the glyph box's.
  if (font?.isType3Font && size <= 1 && fm.some((v, k) => v !== FONT_IDENTITY[k]) && font.bbox) {
    const glyphHeight = font.bbox[3]! - font.bbox[1]!;
    if (glyphHeight > 0) tsm[3] *= glyphHeight * fm[3]!;
  }
  return Util.transform(state.ctm, Util.transform(state.tm, tsm)) as Matrix;
}

export function showText(
  out: Collector,
  state: State,
  glyphs: (Glyph | number)[],
  view: readonly number[],
): void {
  const font = state.font!;
  const vertical = !!font.vertical;
  const key = `${state.fontId}\u0000${state.size}\u0000${vertical}\u0000${state.invisible}`;
  if (out.styleKey !== null && out.styleKey !== key) out.flush();
  out.styleKey = key;
  const baseSpacing = vertical ? -state.charSpacing : state.charSpacing;
  const scale = state.fontMatrix[0]! * state.size;
  const advance = (d: number) => {
    if (vertical) translate(state, 0, -d);
    else translate(state, d * state.hScale, 0);
  };
  // pdfjs adds a TJ number to the spacing after the glyph before it; with no glyph before it
  // (first in the array, or after another number) the character spacing is added once more.
  let afterGlyph = false;
  for (const glyph of glyphs) {
    if (typeof glyph === 'number') {
      // TJ kerning, thousandths of an em: positive moves left (up in vertical writing).
      if (glyph === 0) continue;
      const kern = ((vertical ? 1 : -1) * glyph * state.size) / 1000;
      advance(afterGlyph ? kern : kern + baseSpacing);
      afterGlyph = false;
      continue;
    }
    afterGlyph = true;
    const kind = category(glyph.unicode);
    if (kind === 3) continue;
    let spacing = baseSpacing;
    let dim = (vertical ? (glyph.vmetric?.[0] ?? 0) : glyph.width) * scale;
    if (glyph.isSpace) spacing += state.wordSpacing;
    if (kind === 1) {
      advance(spacing + (vertical ? -dim : dim));
      out.pushChar(' ');
      continue;
    }
    const after = out.prevEnd?.[4] ?? null;
    if (kind !== 2 && !place(out, state, dim, view)) {
      if (vertical) translate(state, 0, dim);
      else translate(state, dim * state.hScale, 0);
      continue;
    }
    begin(out, state);
    // Where the glyph starts on an upright line, for an accent drawn over a letter.
    const t = kind === 0 && !vertical ? textTransform(state) : null;
    const x0 = t && t[0] > 0 && t[1] === 0 && t[2] === 0 ? t[4] : null;
    if (kind === 2) dim = 0;
    if (vertical) {
      translate(state, 0, dim);
      dim = Math.abs(dim);
      out.height += dim;
    } else {
      dim *= state.hScale;
      translate(state, dim, 0);
      out.width += dim;
    }
    if (dim) {
      out.prevEnd = textTransform(state);
      out.prevRise = state.rise;
    }
    const span = x0 !== null && dim ? { x0, x1: out.prevEnd![4] } : null;
    if (!span || !out.joinAccent(glyph.unicode, span)) {
      if (out.pushChar(glyph.unicode)) out.chars.push(' ');
      out.chars.push(glyph.unicode);
      out.noteGlyph(glyph.unicode, span, after);
    }
    if (spacing) advance(spacing);
  }
}

/** Starts an item at the current point unless one is open. */
function begin(out: Collector, state: State): void {
  if (out.active) return;
  const start = textTransform(state);
  out.fontName = state.fontId ?? '';
  out.invisible = state.invisible;
  out.start = start;
  out.vertical = !!state.font?.vertical;
  if (out.vertical) {
    out.width = out.totalWidth = Math.hypot(start[0], start[1]);
    out.height = out.totalHeight = 0;
  } else {
    out.width = out.totalWidth = 0;
    out.height = out.totalHeight = Math.hypot(start[2], start[3]);
  }
  out.advanceScale = Math.hypot(state.ctm[0], state.ctm[1]) * Math.hypot(state.tlm[0], state.tlm[1]);
  const size = state.size;
  out.tracking = size * TRACKING;
  out.notASpace = size * NOT_A_SPACE;
  out.negative = size * NEGATIVE;
  out.spaceMin = size * SPACE_MIN;
  out.spaceMax = size * SPACE_MAX;
  out.active = true;
}

/**
 * Weighs the gap from the last glyph's end to this glyph: a space, a new item or a new line.
 * False when the glyph is outside the page.
 */
function place(out: Collector, state: State, glyphWidth: number, view: readonly number[]): boolean {
  const current = textTransform(state);
  let [x, y] = [current[4], current[5]];
  const vertical = !!state.font?.vertical;
  if (vertical) {
    if (x < view[0]! || x > view[2]! || y + glyphWidth < view[1]! || y > view[3]!) return false;
  } else if (x + glyphWidth < view[0]! || x > view[2]! || y < view[1]! || y > view[3]!) return false;
  const prev = out.prevEnd;
  if (!prev) return true;
  let [px, py] = [prev[4], prev[5]];
  if (px === x && py === y) return true;
  // Into the text's own axes: x along the line, y across it.
  if (current[0] && current[1] === 0 && current[2] === 0) {
    if (current[0] < 0) [x, y, px, py] = [-x, -y, -px, -py];
  } else if (current[1] && current[0] === 0 && current[3] === 0) {
    if (current[1] > 0) [x, y, px, py] = [y, x, py, px];
    else [x, y, px, py] = [-y, -x, -py, -px];
  } else {
    [x, y] = unrotate(x, y, current);
    [px, py] = unrotate(px, py, prev);
  }
  if (vertical) return placeVertical(out, state, x - px, (py - y) / out.advanceScale);
  const along = (x - px) / out.advanceScale;
  const across = y - py;
  const dir = Math.sign(out.width || out.totalWidth);
  if (along < dir * out.negative) {
    if (Math.abs(across) > 0.5 * out.height) newLine(out);
    else {
      out.resetSpaces();
      out.flush();
    }
    return true;
  }
  const riseDelta = state.rise - out.prevRise;
  const acrossBaseline = riseDelta === 0 ? across : across - (current[3] / state.size) * riseDelta;
  if (Math.abs(acrossBaseline) > out.height) {
    newLine(out);
    return true;
  }
  gap(out, along, dir, 'width');
  if (Math.abs(across) > out.height * VERTICAL_SHIFT) out.flush();
  return true;
}

function placeVertical(out: Collector, _state: State, across: number, along: number): boolean {
  const dir = Math.sign(out.height || out.totalHeight);
  if (along < dir * out.negative) {
    if (Math.abs(across) > 0.5 * out.width) newLine(out);
    else {
      out.resetSpaces();
      out.flush();
    }
    return true;
  }
  if (Math.abs(across) > out.width) {
    newLine(out);
    return true;
  }
  gap(out, along, dir, 'height');
  if (Math.abs(across) > out.width * VERTICAL_SHIFT) out.flush();
  return true;
}

/** A gap along the line: letter spacing, a word space inside the item, or a new item. */
function gap(out: Collector, along: number, dir: number, axis: 'width' | 'height'): void {
  if (along <= dir * out.notASpace) out.resetSpaces();
  if (along <= dir * out.tracking) {
    if (out.spacePending()) {
      out.resetSpaces();
      out.flush();
    } else out[axis] += along;
    return;
  }
  if (dir * out.spaceMin <= along && along <= dir * out.spaceMax) {
    if (out.active) {
      out.resetSpaces();
      out.chars.push(' ');
      out[axis] += along;
    } else out.resetSpaces();
    return;
  }
  out.flush();
  out.resetSpaces();
}

function newLine(out: Collector): void {
  out.resetSpaces();
  out.flush();
}

function unrotate(x: number, y: number, m: Matrix): [number, number] {
  const scale = Math.hypot(m[0], m[1]);
  return [(m[0] * x + m[1] * y) / scale, (m[2] * x + m[3] * y) / scale];
}
