/**
 * What a generated PDF needs from a TrueType font to embed it whole (FontFile2): the character map
 * (cmap 3,10 format 12, or 3,1 format 4), glyph advances (hmtx), and the metrics of the font
 * descriptor (head, hhea, OS/2, post). pdf-lib embeds TrueType only through fontkit, which is not
 * installed; these tables are all a Type0/Identity-H font needs, and they are a few lines each.
 */

export interface TrueTypeFont {
  bytes: Uint8Array;
  postScriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  bbox: [number, number, number, number];
  /** Unicode code point → glyph id (0, .notdef, when the font has none). */
  glyphOf(codePoint: number): number;
  /** Advance width of a glyph in font units. */
  advanceOf(glyph: number): number;
}

export function readTrueType(bytes: Uint8Array, postScriptName: string): TrueTypeFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const count = view.getUint16(4);
  for (let k = 0; k < count; k++) {
    const at = 12 + 16 * k;
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
    tables.set(tag, view.getUint32(at + 8));
  }
  const table = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`the font has no ${tag} table`);
    return offset;
  };
  const head = table('head');
  const unitsPerEm = view.getUint16(head + 18);
  const bbox: [number, number, number, number] = [
    view.getInt16(head + 36),
    view.getInt16(head + 38),
    view.getInt16(head + 40),
    view.getInt16(head + 42),
  ];
  const hhea = table('hhea');
  const ascent = view.getInt16(hhea + 4);
  const descent = view.getInt16(hhea + 6);
  const metricsCount = view.getUint16(hhea + 34);
  const os2 = tables.get('OS/2');
  const capHeight = os2 !== undefined && view.getUint16(os2) >= 2 ? view.getInt16(os2 + 88) : ascent;
  const post = table('post');
  const italicAngle = view.getInt16(post + 4) + view.getUint16(post + 6) / 65536;
  const hmtx = table('hmtx');
  const advances = new Uint16Array(metricsCount);
  for (let g = 0; g < metricsCount; g++) advances[g] = view.getUint16(hmtx + 4 * g);
  const map = readCmap(view, table('cmap'));
  return {
    bytes,
    postScriptName,
    unitsPerEm,
    ascent,
    descent,
    capHeight,
    italicAngle,
    bbox,
    glyphOf: (codePoint) => map.get(codePoint) ?? 0,
    // Glyphs past numberOfHMetrics share the last advance (monospaced tails).
    advanceOf: (glyph) => advances[Math.min(glyph, metricsCount - 1)] ?? 0,
  };
}

function readCmap(view: DataView, cmap: number): Map<number, number> {
  const subtables = view.getUint16(cmap + 2);
  let format4: number | null = null;
  let format12: number | null = null;
  for (let k = 0; k < subtables; k++) {
    const at = cmap + 4 + 8 * k;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const offset = cmap + view.getUint32(at + 4);
    const format = view.getUint16(offset);
    if (platform === 3 && encoding === 10 && format === 12) format12 = offset;
    if (platform === 3 && encoding === 1 && format === 4) format4 = offset;
  }
  const map = new Map<number, number>();
  if (format12 !== null) {
    const groups = view.getUint32(format12 + 12);
    for (let k = 0; k < groups; k++) {
      const at = format12 + 16 + 12 * k;
      const [start, end, glyph] = [view.getUint32(at), view.getUint32(at + 4), view.getUint32(at + 8)];
      for (let c = start; c <= end; c++) map.set(c, glyph + c - start);
    }
    return map;
  }
  if (format4 === null) throw new Error('the font has no Unicode character map (cmap 3,1 format 4)');
  const segments = view.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const end = view.getUint16(ends + 2 * s);
    const start = view.getUint16(starts + 2 * s);
    const delta = view.getInt16(deltas + 2 * s);
    const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
        const raw = view.getUint16(at);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}

/** The width of `text` at `size` points, from the glyphs' advances (no kerning). */
export function textWidth(font: TrueTypeFont, text: string, size: number): number {
  let units = 0;
  for (const c of text) units += font.advanceOf(font.glyphOf(c.codePointAt(0)!));
  return (units * size) / font.unitsPerEm;
}
