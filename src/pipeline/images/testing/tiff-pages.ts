/**
 * Multi-page TIFFs for tests. sharp writes several pages only from frames of one size (`join:
 * { animated: true }`), and scanners mix sizes, so pages are written one by one and their files
 * chained: each file's data moved after the previous one, its offsets shifted to match, and
 * the previous page's next-IFD pointer aimed at it. Little-endian classic TIFF only (what
 * sharp writes on x86 and ARM).
 */
import { loadSharp } from '../sharp-settings.ts';

const sharp = await loadSharp();

/** Bytes per value of each TIFF field type (BYTE, ASCII, SHORT, LONG, RATIONAL, ...). */
const typeSize: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};
const STRIP_OFFSETS = 273;
const TILE_OFFSETS = 324;

interface Entry {
  /** Position of the 12-byte entry. */
  at: number;
  tag: number;
  type: number;
  count: number;
  /** Values over 4 bytes are elsewhere, at the offset the entry holds. */
  inline: boolean;
  valuesAt: number;
}

/** One TIFF with a page per image (any format sharp reads; the first page of each). */
export async function multiPageTiff(pages: Uint8Array[]): Promise<Uint8Array> {
  const files = await Promise.all(pages.map((page) => sharp(page).tiff({ compression: 'lzw' }).toBuffer()));
  const out = new Uint8Array(8 + files.reduce((n, f) => n + f.length - 8, 0));
  const v = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]); // 'II', 42: little-endian classic TIFF
  let pointer = 4; // where the offset of the next IFD goes
  let at = 8;
  for (const file of files) {
    if (file[0] !== 0x49 || file[2] !== 42) throw new Error('expected a little-endian classic TIFF');
    const shift = at - 8; // the file's byte k lands at at + k - 8
    out.set(file.subarray(8), at);
    const ifd = new DataView(file.buffer, file.byteOffset).getUint32(4, true) + shift;
    v.setUint32(pointer, ifd, true);
    const entries = readEntries(v, ifd, shift);
    for (const entry of entries) {
      if (!entry.inline) v.setUint32(entry.at + 8, entry.valuesAt, true);
      if (entry.tag === STRIP_OFFSETS || entry.tag === TILE_OFFSETS) shiftValues(v, entry, shift);
    }
    pointer = ifd + 2 + 12 * entries.length;
    if (v.getUint32(pointer, true) !== 0) throw new Error('expected single-page TIFFs');
    at += file.length - 8;
  }
  return out;
}

/**
 * A copy of `tiff` whose page `page` (1-based) has its strips pointing past the end of the
 * file: libtiff fails to read that page, the others are untouched.
 */
export function breakTiffPage(tiff: Uint8Array, page: number): Uint8Array {
  const out = new Uint8Array(tiff);
  const v = new DataView(out.buffer);
  let ifd = v.getUint32(4, true);
  for (let k = 1; k < page; k++) ifd = v.getUint32(ifd + 2 + 12 * v.getUint16(ifd, true), true);
  const strips = readEntries(v, ifd, 0).find((e) => e.tag === STRIP_OFFSETS);
  if (!strips) throw new Error(`page ${page} has no strips`);
  shiftValues(v, strips, out.length + 4096);
  return out;
}

/** Entries of the IFD at `ifd`, whose out-of-line offsets are still `shift` short of their place. */
function readEntries(v: DataView, ifd: number, shift: number): Entry[] {
  const entries: Entry[] = [];
  for (let k = 0, e = ifd + 2; k < v.getUint16(ifd, true); k++, e += 12) {
    const type = v.getUint16(e + 2, true);
    const count = v.getUint32(e + 4, true);
    const inline = (typeSize[type] ?? 1) * count <= 4;
    const valuesAt = inline ? e + 8 : v.getUint32(e + 8, true) + shift;
    entries.push({ at: e, tag: v.getUint16(e, true), type, count, inline, valuesAt });
  }
  return entries;
}

/** Adds `shift` to every offset an entry holds (SHORT or LONG values). */
function shiftValues(v: DataView, entry: Entry, shift: number): void {
  for (let k = 0; k < entry.count; k++) {
    if (entry.type === 4) {
      v.setUint32(entry.valuesAt + 4 * k, v.getUint32(entry.valuesAt + 4 * k, true) + shift, true);
      continue;
    }
    const value = v.getUint16(entry.valuesAt + 2 * k, true) + shift;
    if (entry.type !== 3 || value > 0xffff) throw new Error('offsets do not fit their field');
    v.setUint16(entry.valuesAt + 2 * k, value, true);
  }
}
