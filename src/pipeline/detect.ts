/**
 * What a file IS, from its bytes. The name and declared MIME type only
 * choose between text-like kinds (markdown vs plain text vs HTML): clients
 * mislabel files often enough ("scan.pdf" that is a JPEG) that trusting
 * them would send bytes to the wrong parser.
 */
import { fileTypeFromBuffer } from 'file-type';
import { permanent } from '../core/errors.ts';
import { isOutlookMsg, looksLikeEml } from './formats/mail/detect-mail.ts';
import type { DetectedType, FileKind } from './types.ts';

const binaryKinds: Record<string, FileKind> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  ods: 'ods',
  pptx: 'pptx',
  odp: 'odp',
  png: 'png',
  jpg: 'jpeg',
  tif: 'tiff',
  webp: 'webp',
  bmp: 'bmp',
  gif: 'gif',
  odt: 'odt',
  epub: 'epub',
  rtf: 'rtf',
};

const mimeOf: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odp: 'application/vnd.oasis.opendocument.presentation',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
  bmp: 'image/bmp',
  gif: 'image/gif',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
  odt: 'application/vnd.oasis.opendocument.text',
  epub: 'application/epub+zip',
  rtf: 'application/rtf',
};

/**
 * `head` is the start of the file; 4 KiB is enough for every binary kind here
 * (file-type reads a DOCX's [Content_Types].xml, the first zip entry Word and
 * LibreOffice write) and for telling text from binary.
 */
export async function detectFileType(
  head: Uint8Array,
  fileName: string | null,
  declaredMime: string | null,
): Promise<DetectedType> {
  if (head.byteLength === 0) throw permanent('UNSUPPORTED_FORMAT', 'the file is empty');

  const found = (await fileTypeFromBuffer(head).catch(() => undefined)) ?? tiffByMagic(head);
  if (found) {
    let kind = binaryKinds[found.ext];
    // A zip cut short before file-type saw [Content_Types].xml: fall back to the entry names.
    if (!kind && found.ext === 'zip' && hasZipEntry(head, 'word/')) kind = 'docx';
    if (!kind && found.ext === 'cfb' && isOutlookMsg(head, fileName, declaredMime)) kind = 'msg';
    if (!kind && found.ext === 'zip' && hasZipEntry(head, 'xl/')) kind = 'xlsx';
    if (!kind && found.ext === 'cfb' && isXls(head, fileName, declaredMime)) {
      throw permanent('UNSUPPORTED_FORMAT', 'legacy Excel (.xls) workbooks are not read: save it as .xlsx');
    }
    if (!kind && found.ext === 'zip' && hasZipEntry(head, 'ppt/')) kind = 'pptx';
    // ODF and EPUB name themselves in a first entry `mimetype`, stored: file-type reads it, this too.
    if (!kind && found.ext === 'zip') kind = zipMimetypeKind(head);
    if (kind) return { kind, mimeType: mimeOf[kind] };
    // file-type names some text formats (xml, svg...): XHTML should still land as HTML below.
    if (found.ext !== 'xml') {
      throw permanent('UNSUPPORTED_FORMAT', `unsupported file type: ${found.mime} (.${found.ext})`);
    }
  }

  const text = decodeText(head);
  // An e-mail with 8-bit Latin-1 headers is not UTF-8, yet still an e-mail.
  if (text === null && looksLikeEml(Buffer.from(head).toString('latin1'), head.byteLength < 4096))
    return { kind: 'eml', mimeType: mimeOf.eml };
  if (text === null) throw permanent('UNSUPPORTED_FORMAT', 'the file is neither a supported format nor text');

  const kind = looksLikeEml(text, head.byteLength < 4096) ? 'eml' : textKind(text, fileName, declaredMime);
  return { kind, mimeType: mimeOf[kind] };
}

/**
 * file-type follows a TIFF's first IFD to tell TIFF from camera raw formats; a multi-page TIFF often
 * keeps its IFDs at the end, beyond the head we pass, and then file-type names nothing.
 */
function tiffByMagic(head: Uint8Array): { ext: string; mime: string } | undefined {
  const magic = Buffer.from(head.subarray(0, 4)).toString('hex');
  return magic === '49492a00' || magic === '4d4d002a' ? { ext: 'tif', mime: 'image/tiff' } : undefined;
}

function textKind(text: string, fileName: string | null, declaredMime: string | null): FileKind {
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 4096);
  const name = (fileName ?? '').toLowerCase();
  const mime = (declaredMime ?? '').toLowerCase().split(';')[0]!.trim();
  const markdownHint =
    /\.(md|markdown)$/.test(name) || mime === 'text/markdown' || mime === 'text/x-markdown';
  // A doctype or <html> settles it even in a ".md" file. Weaker signs (a file starting with a common
  // tag) lose to a markdown hint: READMEs often open with <div align="center">.
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<!doctype\s+html/i.test(start) || /<html[\s>]/i.test(start)) {
    return 'html';
  }
  if (markdownHint) return 'markdown';
  if (/\.(csv|tsv|tab)$/.test(name) || mime === 'text/csv' || mime === 'text/tab-separated-values')
    return 'csv';
  const htmlHint = mime === 'text/html' || /\.x?html?$/.test(name);
  if (
    start.startsWith('<') &&
    (htmlHint || /<(head|body|title|meta|div|p|table|h[1-6]|ul|ol|span|a)[\s>]/i.test(start))
  ) {
    return 'html';
  }
  return 'text';
}

/**
 * The head as UTF-8 text, or null if it looks binary: invalid UTF-8, a NUL,
 * or more than 1% control characters. A multi-byte character cut by the end
 * of the head is fine (stream mode keeps it pending instead of failing).
 */
function decodeText(head: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return null;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return null;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > text.length / 100 ? null : text;
}

/** True if a zip local file header in `bytes` names an entry starting with `prefix`. */
function hasZipEntry(bytes: Uint8Array, prefix: string): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const want = new TextEncoder().encode(prefix);
  for (let i = 0; i + 30 + want.length <= bytes.length; i++) {
    if (view.getUint32(i, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(i + 26, true);
    if (nameLength >= want.length && want.every((b, k) => bytes[i + 30 + k] === b)) return true;
  }
  return false;
}

/**
 * An OLE2 (CFB) file holding a BIFF workbook: its directory names a "Workbook" (BIFF8) or "Book"
 * (BIFF5) stream, in UTF-16. The directory is often past the head, so the name and type decide then.
 */
function isXls(head: Uint8Array, fileName: string | null, declaredMime: string | null): boolean {
  const utf16 = Buffer.from(head).toString('utf16le');
  const alsoOdd = Buffer.from(head.subarray(1)).toString('utf16le');
  if (/Workbook|\bBook\b/.test(utf16) || /Workbook/.test(alsoOdd)) return true;
  return (
    /\.xl[st]$/i.test(fileName ?? '') || /^application\/(vnd\.ms-excel|msexcel)/i.test(declaredMime ?? '')
  );
}

/** ODT or EPUB from the stored `mimetype` entry their specifications put first in the archive. */
function zipMimetypeKind(head: Uint8Array): FileKind | undefined {
  const start = Buffer.from(head.subarray(0, 200)).toString('latin1');
  if (!start.startsWith('PK\x03\x04') || start.slice(30, 38) !== 'mimetype') return undefined;
  const declared = start.slice(38, 38 + 60);
  if (declared.startsWith('application/vnd.oasis.opendocument.text') && !declared.includes('-template')) {
    return 'odt';
  }
  return declared.startsWith('application/epub+zip') ? 'epub' : undefined;
}
