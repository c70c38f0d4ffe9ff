/**
 * The text item being built from a page's glyphs (op-text.ts, glyph-placement.ts), and the item it
 * becomes: string, direction, width, start transform and font id, as getTextContent gives them. A
 * flushed item's glyphs are put in reading order glyph by glyph (bidi.ts); vertical text is kept in
 * its drawn order. Apart from the placement rules (glyph-placement.ts) because they are not the
 * only ones to end an item: the operator walk (op-text.ts) ends one at a form XObject, an image or
 * a font set by a graphics state.
 */
import { accented, isOver, isSpacingAccent, type Span } from './accents.ts';
import { bidiOrder, normalizeCompat } from './bidi.ts';

export type Matrix = [number, number, number, number, number, number];

export interface TextItem {
  str: string;
  dir: 'ltr' | 'rtl' | 'ttb';
  /** Advance along the text direction, PDF user space. */
  width: number;
  /** Start of the item: CTM × Tm × (size, rise), PDF user space. */
  transform: Matrix;
  /** pdfjs' id of the font ("g_d0_f3"). */
  fontName: string;
  /** Set in an invisible rendering mode (an OCR text layer over a scan). */
  invisible?: boolean;
}

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/**
 * The item being built, with what pdfjs keeps between items (the last glyph's end, the scale and
 * thresholds of the last item): the next glyph's gap is measured against them.
 */
export class Collector {
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
  invisible = false;
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
        ...(this.invisible ? { invisible: true } : {}),
      });
    }
    this.active = false;
    this.chars.length = 0;
  }
}
