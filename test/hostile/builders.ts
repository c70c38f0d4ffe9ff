/**
 * Byte-level writers for the hostile inputs: a PDF from raw objects, a PNG header, multipart and
 * JSON bodies with raw bytes where a well-behaved client would never put them; zips (deflated,
 * lying about their sizes, behind a prefix) come from src/pipeline/testing/zip-writer.ts, which
 * the unit tests share. Nothing here is committed as a binary file.
 */
import { deflateSync } from 'node:zlib';
import { pngChunk, pngSignature } from '../../src/pipeline/images/gray-png.ts';
import { pdfFile } from '../../src/pipeline/testing/fixtures.ts';

export { deflatedSandwich, type ZipEntry, zipArchive } from '../../src/pipeline/testing/zip-writer.ts';

type Bytes = Uint8Array | string;
const bytesOf = (value: Bytes) =>
  typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);

/**
 * A PDF 1.4 file of the given object bodies (object k+1 is `objects[k]`), with a correct xref, and
 * the catalog as object 1. `head` replaces the usual `%PDF-1.4` line (polyglots put other formats
 * there); it must start with `%PDF-`.
 */
export const pdfFromObjects = (objects: string[], head = '%PDF-1.4\n'): Buffer => pdfFile(objects, { head });

/** The page objects of a one-page Helvetica text PDF: catalog extras and page extras go in between. */
export function textPdfObjects(lines: string[], extra: { catalog?: string; page?: string } = {}): string[] {
  const ops = lines.map((line, i) => `BT /F1 12 Tf 72 ${720 - i * 16} Td (${line}) Tj ET`).join('\n');
  return [
    `<< /Type /Catalog /Pages 2 0 R${extra.catalog ?? ''} >>`,
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R${extra.page ?? ''} >>`,
    `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`,
  ];
}

/** A grey PNG whose header claims `width` × `height`, with one row of pixel data: tiny on disk. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bits per sample; colour type 0, grey
  const row = deflateSync(new Uint8Array(width + 1)); // IDAT is a zlib stream: one row of it
  return Buffer.concat([
    Buffer.from(pngSignature),
    pngChunk('IHDR', header),
    pngChunk('IDAT', row),
    pngChunk('IEND'),
  ]);
}

export { pngChunk };

export interface MultipartPart {
  name: Bytes;
  value: Bytes;
  /** Present for a file part; raw bytes allowed (NUL, invalid UTF-8). */
  fileName?: Bytes;
  contentType?: string;
}

/** A multipart/form-data body with each header written byte for byte as given. */
export function multipartBody(parts: MultipartPart[]): { contentType: string; body: Buffer } {
  const boundary = `----docjobs-hostile-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = [Buffer.from('Content-Disposition: form-data; name="'), bytesOf(part.name)];
    if (part.fileName !== undefined) disposition.push(Buffer.from('"; filename="'), bytesOf(part.fileName));
    disposition.push(Buffer.from('"\r\n'));
    const type = part.contentType ?? (part.fileName !== undefined ? 'application/octet-stream' : undefined);
    chunks.push(
      Buffer.from(`--${boundary}\r\n`),
      ...disposition,
      Buffer.from(type ? `Content-Type: ${type}\r\n\r\n` : '\r\n'),
      bytesOf(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/**
 * JSON.stringify(value), then every string `"@@name@@"` (quotes included) replaced by the raw
 * `bytes[name]` wrapped in quotes: how a JSON body gets bytes that are not UTF-8.
 */
export function jsonWithRawBytes(value: unknown, bytes: Record<string, Uint8Array>): Buffer {
  let text = JSON.stringify(value);
  const pieces: Buffer[] = [];
  for (;;) {
    const match = /"@@(\w+)@@"/.exec(text);
    if (!match) break;
    pieces.push(Buffer.from(text.slice(0, match.index)), Buffer.from('"'), Buffer.from(bytes[match[1]!]!));
    pieces.push(Buffer.from('"'));
    text = text.slice(match.index + match[0].length);
  }
  pieces.push(Buffer.from(text));
  return Buffer.concat(pieces);
}

/** `depth` levels of `{"a":…}` around `inner`. */
export function nestedObject(depth: number, inner = '1'): string {
  return `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
}

/** A submit as multipart: the file part (raw name bytes allowed) and text fields, in that order. */
export function multipartSubmit(
  file: { fileName: Bytes; bytes: Uint8Array; contentType?: string } | null,
  fields: Record<string, Bytes> = {},
): { method: 'POST'; path: string; contentType: string; body: Buffer } {
  const parts: MultipartPart[] = [];
  if (file)
    parts.push({ name: 'file', fileName: file.fileName, value: file.bytes, contentType: file.contentType });
  for (const [name, value] of Object.entries(fields)) parts.push({ name, value });
  return { method: 'POST', path: '/v1/jobs', ...multipartBody(parts) };
}

/** A JSON request: a value to serialise, or bytes sent as they are. */
export function jsonRequest(
  body: unknown,
  path = '/v1/jobs',
): { method: 'POST'; path: string; contentType: string; body: Buffer } {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return { method: 'POST', path, contentType: 'application/json', body: bytes };
}
