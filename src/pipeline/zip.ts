/**
 * Zip archives (DOCX): the central directory, one entry's bytes (docProps/core.xml), and the size
 * check that stops a zip bomb before mammoth's reader inflates it. Format knowledge in a few lines
 * instead of a dependency: stored and deflated entries only, which is all Office writes.
 */
import { inflateRawSync } from 'node:zlib';
import { permanent } from '../core/errors.ts';

export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** What the central directory says the entry inflates to: a claim, not a fact. */
  declaredSize: number;
  /** Where its (compressed) data starts. */
  dataStart: number;
}

/** The entries the central directory lists, or null if the archive cannot be read. */
export function listZipEntries(zip: Uint8Array): ZipEntryInfo[] | null {
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
  const entries: ZipEntryInfo[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > zip.length || view.getUint32(p, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(p + 28, true);
    const localOffset = view.getUint32(p + 42, true);
    if (localOffset + 30 > zip.length) return null;
    entries.push({
      name: decoder.decode(zip.subarray(p + 46, p + 46 + nameLength)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      declaredSize: view.getUint32(p + 24, true),
      // The local header's name/extra lengths may differ from the central directory's.
      dataStart:
        localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true),
    });
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return entries;
}

/** The entry's bytes, or null if the archive has no such entry or cannot be read. */
export function readZipEntry(zip: Uint8Array, name: string): Uint8Array | null {
  const entry = listZipEntries(zip)?.find((e) => e.name === name);
  if (!entry) return null;
  const data = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  try {
    if (entry.method === 0) return data;
    // Never past what it claims (checkZipSizes has held the claim to a limit).
    if (entry.method === 8)
      return new Uint8Array(inflateRawSync(data, { maxOutputLength: entry.declaredSize + 1 }));
  } catch {
    return null;
  }
  return null;
}

export interface ZipLimits {
  entries: number;
  /** All entries together, inflated. */
  totalBytes: number;
  /** One entry whose name matches `parsedPart`, inflated: those are parsed into a DOM. */
  partBytes: number;
  parsedPart: RegExp;
}

/**
 * Throws PARSE_ERROR unless the archive stays within `limits` once inflated. The declared sizes
 * are checked first (an honest bomb costs nothing), then every deflated entry is inflated no
 * further than its declared size: one that inflates past it lies, and mammoth's reader (JSZip)
 * would only find that out after holding all of it. Memory: one entry at a time, at most its
 * (limited) declared size.
 */
export function checkZipSizes(zip: Uint8Array, limits: ZipLimits): void {
  const entries = listZipEntries(zip);
  if (!entries) throw permanent('PARSE_ERROR', 'cannot read the zip archive (no central directory)');
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  if (entries.length > limits.entries) {
    throw permanent('PARSE_ERROR', `the archive has ${entries.length} entries; at most ${limits.entries}`);
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.declaredSize;
    if (limits.parsedPart.test(entry.name) && entry.declaredSize > limits.partBytes) {
      throw permanent(
        'PARSE_ERROR',
        `${entry.name} inflates to ${mib(entry.declaredSize)}; at most ${mib(limits.partBytes)}`,
      );
    }
  }
  if (total > limits.totalBytes) {
    throw permanent(
      'PARSE_ERROR',
      `the archive inflates to ${mib(total)}; at most ${mib(limits.totalBytes)}`,
    );
  }
  for (const entry of entries) {
    if (entry.method !== 8) continue; // stored: its bytes are in the file, nothing to amplify
    const data = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let inflated: number;
    try {
      // One byte of room past the claim, so that a longer stream is caught by its length below
      // (inflating stops there, ERR_BUFFER_TOO_LARGE) and an empty entry has a valid limit.
      inflated = inflateRawSync(data, { maxOutputLength: entry.declaredSize + 1 }).length;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') {
        throw permanent('PARSE_ERROR', `${entry.name} is corrupt: ${(error as Error).message}`, error);
      }
      inflated = entry.declaredSize + 1;
    }
    if (inflated > entry.declaredSize) {
      throw permanent(
        'PARSE_ERROR',
        `${entry.name} inflates past the ${entry.declaredSize} bytes the archive declares`,
      );
    }
  }
}
