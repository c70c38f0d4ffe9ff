/**
 * A TrueType font cut down to the glyphs a document uses, glyph ids unchanged (the PDF writes
 * glyph ids through CIDToGIDMap Identity, so nothing needs renumbering): every other glyph's
 * outline is emptied (a zero-length loca entry), composite glyphs keep their parts, and the tables
 * a PDF viewer does not read (OpenType layout, kerning) are left out. Liberation Sans goes from
 * ~140 kB to ~15-25 kB for an invoice.
 */

/** Tables a PDF renderer reads from an embedded TrueType program (PDF 32000-1, 9.9; cmap kept for old viewers). */
const kept = new Set([
  'head',
  'hhea',
  'maxp',
  'hmtx',
  'loca',
  'glyf',
  'cmap',
  'cvt ',
  'fpgm',
  'prep',
  'OS/2',
  'post',
  'name',
]);

export function subsetTrueType(font: Uint8Array, used: ReadonlySet<number>): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map<string, { offset: number; length: number }>();
  for (let k = 0; k < view.getUint16(4); k++) {
    const at = 12 + 16 * k;
    const tag = String.fromCharCode(...font.subarray(at, at + 4));
    tables.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  const table = (tag: string) => {
    const found = tables.get(tag);
    if (!found) throw new Error(`the font has no ${tag} table`);
    return found;
  };
  const head = table('head');
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const glyphCount = view.getUint16(table('maxp').offset + 4);
  const loca = table('loca').offset;
  const glyf = table('glyf').offset;
  const locate = (glyph: number): [number, number] =>
    longLoca
      ? [view.getUint32(loca + 4 * glyph), view.getUint32(loca + 4 * glyph + 4)]
      : [2 * view.getUint16(loca + 2 * glyph), 2 * view.getUint16(loca + 2 * glyph + 2)];

  // The glyphs kept: .notdef, the ones used, and the parts of composite ones.
  const keep = new Set<number>([0]);
  const pending = [...used].filter((glyph) => glyph < glyphCount);
  while (pending.length > 0) {
    const glyph = pending.pop()!;
    if (keep.has(glyph) && glyph !== 0) continue;
    keep.add(glyph);
    const [start, end] = locate(glyph);
    if (end - start < 10 || view.getInt16(glyf + start) >= 0) continue;
    let at = glyf + start + 10;
    for (;;) {
      const flags = view.getUint16(at);
      const part = view.getUint16(at + 2);
      if (!keep.has(part)) pending.push(part);
      at += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
      if (!(flags & 0x0020)) break;
    }
  }

  const outlines: Uint8Array[] = [];
  const newLoca = new DataView(new ArrayBuffer(4 * (glyphCount + 1)));
  let size = 0;
  for (let glyph = 0; glyph < glyphCount; glyph++) {
    newLoca.setUint32(4 * glyph, size);
    if (!keep.has(glyph)) continue;
    const [start, end] = locate(glyph);
    const padded = (end - start + 3) & ~3;
    const outline = new Uint8Array(padded);
    outline.set(font.subarray(glyf + start, glyf + end));
    outlines.push(outline);
    size += padded;
  }
  newLoca.setUint32(4 * glyphCount, size);
  const newGlyf = new Uint8Array(size);
  let offset = 0;
  for (const outline of outlines) {
    newGlyf.set(outline, offset);
    offset += outline.byteLength;
  }
  const newHead = font.slice(head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment: set below, over the whole font
  headView.setInt16(50, 1); // indexToLocFormat: long offsets

  const out = new Map<string, Uint8Array>();
  for (const [tag, { offset: at, length }] of tables) {
    if (!kept.has(tag)) continue;
    out.set(
      tag,
      tag === 'glyf'
        ? newGlyf
        : tag === 'loca'
          ? new Uint8Array(newLoca.buffer)
          : tag === 'head'
            ? newHead
            : font.subarray(at, at + length),
    );
  }
  return assemble(out);
}

/** The font file: offset table, table records (sorted by tag), the tables padded to 4 bytes. */
function assemble(tables: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const headerSize = 12 + 16 * tags.length;
  const total = tags.reduce((sum, tag) => sum + ((tables.get(tag)!.byteLength + 3) & ~3), headerSize);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const power = 2 ** Math.floor(Math.log2(tags.length));
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, tags.length * 16 - power * 16);
  let offset = headerSize;
  let headAt = 0;
  for (const [k, tag] of tags.entries()) {
    const data = tables.get(tag)!;
    bytes.set(data, offset);
    const record = 12 + 16 * k;
    for (let c = 0; c < 4; c++) view.setUint8(record + c, tag.charCodeAt(c));
    view.setUint32(record + 4, checksum(bytes, offset, data.byteLength));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.byteLength);
    if (tag === 'head') headAt = offset;
    offset += (data.byteLength + 3) & ~3;
  }
  view.setUint32(headAt + 8, (0xb1b0afba - checksum(bytes, 0, bytes.byteLength)) >>> 0);
  return bytes;
}

function checksum(bytes: Uint8Array, offset: number, length: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  let sum = 0;
  const end = offset + ((length + 3) & ~3);
  for (let at = offset; at < end; at += 4)
    sum = (sum + (at + 4 <= bytes.byteLength ? view.getUint32(at) : 0)) >>> 0;
  return sum;
}
