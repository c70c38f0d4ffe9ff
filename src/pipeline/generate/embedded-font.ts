/**
 * The fonts of a generated PDF: Liberation Sans (regular, bold, italic, bold italic), the TrueType
 * fonts pdfjs-dist ships in standard_fonts/ (GPLv2 with the font exception, which lets documents
 * embed them; LICENSE_LIBERATION there). Each is embedded whole (FontFile2, ~80 kB deflated; only
 * the styles a document uses) as a Type0 font with Identity-H glyph ids, so every character the
 * font has is writable (Latin, Greek, Cyrillic), with widths (W) and a ToUnicode map of the glyphs
 * used, written at the end, so the text copies and parses back as it was written.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type PDFDocument, PDFHexString, PDFName, type PDFRef, PDFString } from 'pdf-lib';
import { subsetTrueType } from './subset.ts';
import { readTrueType, type TrueTypeFont } from './truetype.ts';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

const files: Record<FontStyle, string> = {
  regular: 'LiberationSans-Regular',
  bold: 'LiberationSans-Bold',
  italic: 'LiberationSans-Italic',
  boldItalic: 'LiberationSans-BoldItalic',
};

const loaded = new Map<FontStyle, TrueTypeFont>();
/** The font files are read once per process (~140 kB each). */
export function fontFile(style: FontStyle): TrueTypeFont {
  let font = loaded.get(style);
  if (!font) {
    const dir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const bytes = new Uint8Array(readFileSync(path.join(dir, 'standard_fonts', `${files[style]}.ttf`)));
    font = readTrueType(bytes, files[style]);
    loaded.set(style, font);
  }
  return font;
}

export const styleOf = (bold: boolean, italic: boolean): FontStyle =>
  bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';

/** One font of one document: measures text, encodes it, and remembers the glyphs it wrote. */
export class EmbeddedFont {
  readonly ref: PDFRef;
  private readonly used = new Map<number, string>();
  private readonly document: PDFDocument;
  readonly font: TrueTypeFont;
  constructor(document: PDFDocument, font: TrueTypeFont) {
    this.document = document;
    this.font = font;
    this.ref = document.context.nextRef();
  }

  /** The characters of `text` this font has no glyph for. */
  missing(text: string): string[] {
    return [...text].filter((c) => c !== '\n' && this.font.glyphOf(c.codePointAt(0)!) === 0);
  }

  /** The glyph ids of `text` as a hex string for Tj. */
  encode(text: string): PDFHexString {
    let hex = '';
    for (const c of text) {
      const glyph = this.font.glyphOf(c.codePointAt(0)!);
      if (!this.used.has(glyph)) this.used.set(glyph, c);
      hex += glyph.toString(16).padStart(4, '0');
    }
    return PDFHexString.of(hex);
  }

  /** Writes the font's objects; called once, after every page is drawn. */
  finish(): void {
    const { context } = this.document;
    const font = this.font;
    const scale = 1000 / font.unitsPerEm;
    const program = subsetTrueType(font.bytes, new Set(this.used.keys()));
    // A subset is named TAG+Name (PDF 32000-1, 9.6.4), the tag from the glyphs it holds.
    const name = PDFName.of(`${subsetTag([...this.used.keys()])}+${font.postScriptName}`);
    const fontFile = context.flateStream(program, { Length1: program.byteLength });
    const descriptor = context.obj({
      Type: 'FontDescriptor',
      FontName: name,
      // 32: non-symbolic (Latin text); 64: italic.
      Flags: 32 | (font.italicAngle !== 0 ? 64 : 0),
      FontBBox: font.bbox.map((v) => Math.round(v * scale)),
      ItalicAngle: font.italicAngle,
      Ascent: Math.round(font.ascent * scale),
      Descent: Math.round(font.descent * scale),
      CapHeight: Math.round(font.capHeight * scale),
      StemV: 80,
      FontFile2: context.register(fontFile),
    });
    const glyphs = [...this.used.keys()].sort((a, b) => a - b);
    const widths: (number | number[])[] = [];
    for (const glyph of glyphs) widths.push(glyph, [Math.round(font.advanceOf(glyph) * scale)]);
    const descendant = context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: name,
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: context.register(descriptor),
      W: widths,
      CIDToGIDMap: 'Identity',
    });
    const toUnicode = context.flateStream(toUnicodeCMap(this.used));
    context.assign(
      this.ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: name,
        Encoding: 'Identity-H',
        DescendantFonts: [context.register(descendant)],
        ToUnicode: context.register(toUnicode),
      }),
    );
  }
}

/** Six capital letters from the glyph ids: the same subset gets the same tag. */
function subsetTag(glyphs: readonly number[]): string {
  let hash = 2166136261;
  for (const glyph of [...glyphs].sort((a, b) => a - b)) hash = Math.imul(hash ^ glyph, 16777619) >>> 0;
  let tag = '';
  for (let k = 0; k < 6; k++) {
    tag += String.fromCharCode(65 + (hash % 26));
    hash = Math.floor(hash / 26) + k * 7919;
  }
  return tag;
}

/** The glyph → text map that text extraction (pdf.js, pdftotext, copy and paste) reads. */
function toUnicodeCMap(used: ReadonlyMap<number, string>): string {
  const utf16 = (text: string) =>
    [...text]
      .flatMap((c) => {
        const code = c.codePointAt(0)!;
        if (code < 0x10000) return [code];
        const v = code - 0x10000;
        return [0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)];
      })
      .map((unit) => unit.toString(16).padStart(4, '0'))
      .join('');
  const entries = [...used].filter(([glyph]) => glyph !== 0);
  const chunks: string[] = [];
  // At most 100 entries per bfchar block (PDF 32000-1, 9.10.3).
  for (let k = 0; k < entries.length; k += 100) {
    const part = entries.slice(k, k + 100);
    chunks.push(
      `${part.length} beginbfchar\n${part.map(([glyph, c]) => `<${glyph.toString(16).padStart(4, '0')}> <${utf16(c)}>`).join('\n')}\nendbfchar`,
    );
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...chunks,
    'endcmap',
    'CMapName currentdict /CIDInit /ProcSet findresource exch defineresource pop',
    'end',
    'end',
  ].join('\n');
}
