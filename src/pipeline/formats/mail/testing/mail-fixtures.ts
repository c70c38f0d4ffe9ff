/**
 * E-mails for tests and the bench, written here so each test shows what its input holds: EML as
 * MIME text (multipart/mixed, base64 parts, attached messages), MSG as a CFB file of MAPI
 * property streams burnt by msgreader's own writer (the streams Outlook writes for these fields).
 */
import { burn, type Entry } from '@kenjiuno/msgreader/lib/Burner.js';

export interface FixtureAttachment {
  fileName: string;
  mimeType: string;
  content: Uint8Array | string;
  /** Content-Disposition inline with a Content-ID, as a picture shown in the body is sent. */
  inline?: boolean;
}

export interface FixtureMail {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  date?: string;
  messageId?: string;
  text?: string;
  html?: string;
  attachments?: FixtureAttachment[];
}

const base64Lines = (bytes: Uint8Array | string) =>
  (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

export function makeEml(mail: FixtureMail): string {
  const boundary = `=_mixed_${Math.abs(hash(JSON.stringify(mail.subject ?? '')))}`;
  const headers = [
    `From: ${mail.from ?? 'Alice Sender <alice@example.org>'}`,
    `To: ${mail.to ?? 'Bob Receiver <bob@example.org>'}`,
    ...(mail.cc ? [`Cc: ${mail.cc}`] : []),
    `Subject: ${mail.subject ?? 'Test message'}`,
    `Date: ${mail.date ?? 'Tue, 03 Mar 2026 10:15:00 +0000'}`,
    `Message-ID: ${mail.messageId ?? '<fixture@example.org>'}`,
    'MIME-Version: 1.0',
  ];
  const bodies = [
    ...(mail.text !== undefined ? [part('text/plain; charset=utf-8', null, mail.text)] : []),
    ...(mail.html !== undefined ? [part('text/html; charset=utf-8', null, mail.html)] : []),
  ];
  const body =
    bodies.length > 1
      ? multipart('alternative', `${boundary}_alt`, bodies)
      : (bodies[0] ?? part('text/plain; charset=utf-8', null, ''));
  const attachments = (mail.attachments ?? []).map((a, n) => attachmentPart(a, n));
  if (attachments.length === 0) return `${headers.join('\r\n')}\r\n${body}`;
  return `${headers.join('\r\n')}\r\n${multipart('mixed', boundary, [body, ...attachments])}`;
}

function part(contentType: string, disposition: string | null, content: string): string {
  return [
    `Content-Type: ${contentType}`,
    'Content-Transfer-Encoding: base64',
    ...(disposition ? [disposition] : []),
    '',
    base64Lines(content),
  ].join('\r\n');
}

function attachmentPart(a: FixtureAttachment, n: number): string {
  const disposition = a.inline
    ? `Content-Disposition: inline; filename="${a.fileName}"\r\nContent-ID: <part${n}@fixture>`
    : `Content-Disposition: attachment; filename="${a.fileName}"`;
  // An attached message is sent as it is (8bit), the way mail clients forward one.
  if (a.mimeType === 'message/rfc822')
    return `Content-Type: message/rfc822\r\n${disposition}\r\n\r\n${Buffer.from(a.content).toString('utf8')}`;
  const header = [`Content-Type: ${a.mimeType}; name="${a.fileName}"`, 'Content-Transfer-Encoding: base64'];
  return [...header, disposition, '', base64Lines(a.content)].join('\r\n');
}

function multipart(kind: string, boundary: string, parts: string[]): string {
  const lines = [`Content-Type: multipart/${kind}; boundary="${boundary}"`, '', ''];
  for (const p of parts) lines.push(`--${boundary}`, p);
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

const storage = 1;
const stream = 2;
const root = 5;
// A copy of its own: a small Buffer is a view of a shared pool, and the writer reads whole buffers.
const utf16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));

/** An Outlook MSG with subject, sender, one "to" recipient, text body and attachments. */
export function makeMsg(mail: FixtureMail): Uint8Array {
  const entries: Entry[] = [{ name: 'Root Entry', type: root, length: 0, children: [] }];
  const add = (parent: number, name: string, data: Uint8Array | null) => {
    const type = data ? stream : storage;
    const entry: Entry = data
      ? { name, type, length: data.byteLength, binaryProvider: () => data }
      : { name, type, length: 0, children: [] };
    entries.push(entry);
    entries[parent]!.children!.push(entries.length - 1);
    return entries.length - 1;
  };
  const headers = `Date: ${mail.date ?? 'Tue, 03 Mar 2026 10:15:00 +0000'}\r\nMessage-ID: ${mail.messageId ?? '<msg-fixture@example.org>'}\r\n`;
  add(0, '__substg1.0_0037001F', utf16(mail.subject ?? 'Test message'));
  add(0, '__substg1.0_0C1A001F', utf16('Alice Sender'));
  add(0, '__substg1.0_0C1F001F', utf16('alice@example.org'));
  add(0, '__substg1.0_1000001F', utf16(mail.text ?? ''));
  add(0, '__substg1.0_007D001F', utf16(headers));
  const recipient = add(0, '__recip_version1.0_#00000000', null);
  add(recipient, '__substg1.0_3001001F', utf16('Bob Receiver'));
  add(recipient, '__substg1.0_39FE001F', utf16('bob@example.org'));
  for (const [n, a] of (mail.attachments ?? []).entries()) {
    const folder = add(0, `__attach_version1.0_#${n.toString(16).toUpperCase().padStart(8, '0')}`, null);
    add(folder, '__substg1.0_3707001F', utf16(a.fileName));
    add(folder, '__substg1.0_370E001F', utf16(a.mimeType));
    add(folder, '__substg1.0_37010102', new Uint8Array(Buffer.from(a.content)));
  }
  return burn(entries);
}
