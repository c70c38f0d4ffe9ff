/**
 * Reads one entry of a zip archive (a DOCX's docProps/core.xml). Twenty lines
 * of format knowledge instead of a dependency: stored and deflated entries only,
 * which is all Office writes.
 */
import { inflateRawSync } from 'node:zlib';

/** The entry's bytes, or null if the archive has no such entry or cannot be read. */
export function readZipEntry(zip: Uint8Array, name: string): Uint8Array | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // End of central directory: 22 bytes + a comment of up to 64 KiB, at the end of the file.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let k = 0; k < count && p + 46 <= zip.length; k++) {
    if (view.getUint32(p, true) !== 0x02014b50) return null;
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const entryName = decoder.decode(zip.subarray(p + 46, p + 46 + nameLength));
    if (entryName === name) {
      if (localOffset + 30 > zip.length) return null;
      // The local header's name/extra lengths may differ from the central directory's.
      const start =
        localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
      const data = zip.subarray(start, start + compressedSize);
      try {
        if (method === 0) return data;
        if (method === 8) return new Uint8Array(inflateRawSync(data));
      } catch {
        return null;
      }
      return null;
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}
