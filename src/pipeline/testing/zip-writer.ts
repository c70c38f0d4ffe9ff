/**
 * Zip archives for tests, written byte by byte: deflated or stored entries, sizes that may lie,
 * data before the archive (polyglots), and runs of one byte deflated without ever being held —
 * a zip bomb in ~0.2 s. The stored-only makeZip in fixtures.ts is enough for ordinary DOCX.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

type Bytes = Uint8Array | string;
const bytesOf = (value: Bytes) =>
  typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);

export interface ZipEntry {
  name: string;
  /** Stored as is, or deflated here. */
  data?: Bytes;
  /** Already deflated (raw deflate), with the CRC and size of what it inflates to. */
  deflated?: { bytes: Uint8Array; crc: number; size: number };
  /** What the headers claim the entry inflates to, when it should lie. */
  declaredSize?: number;
}

/**
 * A zip archive (deflate or stored entries, no zip64). `prefix` is written before it, with every
 * offset counted from the start of the file: a PDF there makes a PDF/ZIP polyglot that both kinds
 * of reader accept.
 */
export function zipArchive(entries: ZipEntry[], prefix: Uint8Array = new Uint8Array(0)): Buffer {
  const out: Buffer[] = [Buffer.from(prefix)];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let body: Buffer;
    let method: number;
    let crc: number;
    let size: number;
    if (entry.deflated) {
      ({ crc, size } = entry.deflated);
      body = Buffer.from(entry.deflated.bytes);
      method = 8;
    } else {
      const data = bytesOf(entry.data ?? '');
      crc = crc32(data);
      size = data.length;
      body = data.length > 64 ? deflateRawSync(data) : data;
      method = body === data ? 0 : 8;
    }
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    out.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, ...centrals, end]);
}

/**
 * Deflated `head`, then `mebibytes` MiB of `fill`, then `tail`, as one raw deflate stream, without
 * ever holding the run: one MiB is deflated with a sync flush (no final-block bit) and the ~1 KB
 * it becomes repeated. 1 GiB of spaces → ~1 MB in ~0.2 s.
 */
export function deflatedSandwich(head: string, mebibytes: number, fill: number, tail: string) {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const chunk = Buffer.alloc(1 << 20, fill);
  const segment = deflateRawSync(chunk, { level: 9, ...flush });
  const first = Buffer.from(head);
  const last = Buffer.from(tail);
  let crc = crc32(first);
  for (let i = 0; i < mebibytes; i++) crc = crc32(chunk, crc);
  crc = crc32(last, crc);
  const bytes = Buffer.concat([
    deflateRawSync(first, flush),
    ...Array.from({ length: mebibytes }, () => segment),
    deflateRawSync(last),
  ]);
  return { bytes, crc, size: first.length + mebibytes * 2 ** 20 + last.length };
}
