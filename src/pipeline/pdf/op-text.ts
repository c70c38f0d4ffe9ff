/**
 * A page's text items from its operator list, so one pdfjs pass per page gives text, rulings and
 * images: getTextContent re-parses the content stream and costs as much again (~27 ms per arXiv
 * page next to the operator list's ~30 ms). The items are what getTextContent gives (string,
 * direction, width, start transform, font id), built by the same rules: glyphs are placed as the
 * text state says (Tm, Tlm, Tc, Tw, Tz, Ts, TL, Tf and the CTM), whitespace glyphs become at most
 * one space, a gap of 0.1–0.6 em inside a line becomes a space, a wider one or a move back starts
 * another item, and a move to another line ends one (thresholds are pdfjs' own, in em of the Tf
 * size, so the spaces come out where they did). Text in annotations is left out, as there.
 */
import { OPS, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { accented, isOver, isSpacingAccent, type Span } from './accents.ts';
import { bidiOrder, normalizeCompat } from './bidi.ts';

type Matrix = [number, number, number, number, number, number];

export interface TextItem {
  str: string;
  dir: 'ltr' | 'rtl' | 'ttb';
  /** Advance along the text direction, PDF user space. */
  width: number;
  /** Start of the item: CTM × Tm × (size, rise), PDF user space. */
  transform: Matrix;
  /** pdfjs' id of the font ("g_d0_f3"). */
  fontName: string;
}

/** What is read of a loaded font (page.commonObjs). */
export interface OpFont {
  fontMatrix?: number[] | undefined;
  vertical?: boolean | undefined;
  isType3Font?: boolean | undefined;
  bbox?: number[] | undefined;
}

interface Glyph {
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
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const FONT_IDENTITY = [0.001, 0, 0, 0.001, 0, 0];

interface State {
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

/**
 * The item being built, with what pdfjs keeps between items (the last glyph's end, the scale and
 * thresholds of the last item): the next glyph's gap is measured against them.
 */
class Collector {
  readonly items: TextItem[];
  constructor(items: TextItem[]) {
    this.items = items;
  }
  active = false;
  chars: string[] = [];
  width = 0;
  height = 0;
  totalWidth = 0;
  totalHeight = 0;
  vertical = false;
  prevEnd: Matrix | null = null;
  prevRise = 0;
  advanceScale = 0;
  start: Matrix = IDENTITY;
  fontName = '';
  tracking = Number.POSITIVE_INFINITY;
  notASpace = Number.NEGATIVE_INFINITY;
  negative = Number.NEGATIVE_INFINITY;
  spaceMin = 0;
  spaceMax = 0;
  /** The two last characters seen (" " for none): a space glyph between two others is kept once. */
  older = ' ';
  last = ' ';
  /** Font id, size and direction the current item was started under. */
  styleKey: string | null = null;

  /** The last glyph put in, where it went and where it lies: an accent and its letter are joined. */
  lastGlyph: { char: string; span: Span; items: number; at: number; after: number | null } | null = null;

  /** `after`: where the glyph before it ended. */
  noteGlyph(char: string, span: Span | null, after: number | null): void {
    this.lastGlyph = span && { char, span, items: this.items.length, at: this.chars.length - 1, after };
  }

  /**
   * Puts `char` together with the glyph just before it when one is a spacing accent drawn over
   * the other (accents.ts); true when done. The move back between them may have ended the item:
   * then the first of the two is at the end of the item before.
   */
  joinAccent(char: string, span: Span): boolean {
    const last = this.lastGlyph;
    if (!last) return false;
    const accentFirst = isSpacingAccent(last.char) && isOver(last.span, span);
    const joined = accentFirst
      ? accented(char, last.char)
      : isSpacingAccent(char) && isOver(span, last.span)
        ? accented(last.char, char)
        : null;
    if (!joined) return false;
    // An accent centred over its letter starts further from the glyph before than the letter
    // does ("f ¨ur" in a flight booking): no space there when the letter itself stands close.
    const gap = last.after === null ? null : (span.x0 - last.after) / this.advanceScale;
    const close = accentFirst && gap !== null && gap < this.spaceMin;
    const item = this.items.at(-1);
    if (last.items === this.items.length && last.at === this.chars.length - 1) {
      this.chars[last.at] = joined;
      if (close && this.chars[last.at - 1] === ' ') this.chars.splice(last.at - 1, 1);
    } else if (
      last.items === this.items.length - 1 &&
      this.chars.length === 0 &&
      item?.str.endsWith(last.char)
    ) {
      const before = item.str.slice(0, -last.char.length);
      item.str = accentFirst ? (close ? before.trimEnd() : before) : before + joined;
      if (item.str.trim() === '') this.items.pop();
      if (accentFirst) this.chars.push(joined);
    } else return false;
    this.lastGlyph = null;
    return true;
  }

  resetSpaces(): void {
    this.older = this.last = ' ';
  }
  /** Records `c`; true when a space glyph came between it and the character before. */
  pushChar(c: string): boolean {
    const spaceBefore = this.older !== ' ' && this.last === ' ';
    this.older = this.last;
    this.last = c;
    return spaceBefore;
  }
  spacePending(): boolean {
    return this.older !== ' ' && this.last === ' ';
  }

  flush(): void {
    if (!this.active) return;
    if (this.vertical) this.totalHeight += this.height * this.advanceScale;
    else this.totalWidth += this.width * this.advanceScale;
    // Glyph by glyph: a glyph whose Unicode is several letters keeps their order when reversed.
    const glyphs = this.chars.map(normalizeCompat);
    const { str, rtl } = this.vertical ? { str: glyphs.join(''), rtl: false } : bidiOrder(glyphs);
    if (str.trim() !== '') {
      this.items.push({
        str,
        dir: this.vertical ? 'ttb' : rtl ? 'rtl' : 'ltr',
        width: Math.abs(this.totalWidth),
        transform: this.start,
        fontName: this.fontName,
      });
    }
    this.active = false;
    this.chars.length = 0;
  }
}

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
  let state: State = {
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
  };
  const saved: State[] = [];
  // A form XObject's text is collected apart, as pdfjs reads it in its own pass.
  let out = new Collector(items);
  const outer: Collector[] = [];
  let inAnnotation = 0;
  const copy = (s: State): State => ({ ...s, tm: [...s.tm], tlm: [...s.tlm] });
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
      case OPS.beginAnnotation:
        inAnnotation++;
        break;
      case OPS.endAnnotation:
        inAnnotation--;
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
        if (inAnnotation === 0 && state.font) showText(out, state, args[0] as (Glyph | number)[], view);
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

function translate(state: State, x: number, y: number): void {
  const m = state.tm;
  m[4] += m[0] * x + m[2] * y;
  m[5] += m[1] * x + m[3] * y;
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

function showText(out: Collector, state: State, glyphs: (Glyph | number)[], view: readonly number[]): void {
  const font = state.font!;
  const vertical = !!font.vertical;
  const key = `${state.fontId}\u0000${state.size}\u0000${vertical}`;
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
