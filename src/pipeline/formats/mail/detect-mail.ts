/**
 * E-mails from their bytes. EML is text, so it must not take plain text that merely starts with
 * "Subject:": the whole first block, up to the first blank line, has to be header fields, and at
 * least two of them must be message headers, one of them a header only a mail system writes
 * (Received, Message-ID, MIME-Version) or From. MSG is a CFB (OLE2) file, as XLS and old DOC
 * are: its directory names MAPI property streams `__substg1.0_…`.
 */

const knownHeaders = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'received',
  'mime-version',
  'message-id',
  'return-path',
  'content-type',
  'delivered-to',
  'reply-to',
  'x-mailer',
  'dkim-signature',
]);
const decisiveHeaders = new Set(['from', 'received', 'mime-version', 'message-id']);
const headerLine = /^([!-9;-~]+):/;

/** `text` is the head of the file, decoded; `complete` says whether it is the whole file. */
export function looksLikeEml(text: string, complete: boolean): boolean {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const end = normalised.indexOf('\n\n');
  let lines: string[];
  if (end >= 0) lines = normalised.slice(0, end).split('\n');
  else {
    lines = normalised.split('\n');
    // A head cut inside the header block (long Received chains): its last line may be cut too.
    if (!complete) lines.pop();
  }
  if (lines.length < 2) return false;
  const names = new Set<string>();
  for (const [index, line] of lines.entries()) {
    if (index > 0 && /^[ \t]/.test(line)) continue; // a folded header's continuation
    const name = headerLine.exec(line)?.[1]?.toLowerCase();
    if (!name) return false;
    names.add(name);
  }
  const known = [...names].filter((name) => knownHeaders.has(name));
  return known.length >= 2 && known.some((name) => decisiveHeaders.has(name));
}

const cfbSignature = 'd0cf11e0a1b11ae1';
/** "__substg1.0_" as a CFB directory entry stores it: UTF-16LE. */
const propertyStream = Buffer.from('__substg1.0_', 'utf16le');

/**
 * True for an Outlook item. The directory is often within the head; when it lies further on, a
 * CFB named .msg or declared application/vnd.ms-outlook is taken at its word (the reader then
 * refuses it with PARSE_ERROR if it is not one).
 */
export function isOutlookMsg(
  head: Uint8Array,
  fileName: string | null,
  declaredMime: string | null,
): boolean {
  if (Buffer.from(head.subarray(0, 8)).toString('hex') !== cfbSignature) return false;
  if (Buffer.from(head.buffer, head.byteOffset, head.byteLength).includes(propertyStream)) return true;
  const mime = (declaredMime ?? '').toLowerCase().split(';')[0]!.trim();
  return /\.msg$/i.test(fileName ?? '') || mime === 'application/vnd.ms-outlook';
}
