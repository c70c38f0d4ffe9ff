/**
 * An e-mail as both readers (EML via mailparser, MSG via msgreader) give it: headers, a body, and
 * its attachments with their bytes. The bytes never go into a ParsedDocument (it is stored as
 * JSON): mail-document.ts makes the pages, and services/mail-attachments.ts the child jobs.
 */

export interface MailHeaders {
  from: string | null;
  to: string[];
  cc: string[];
  /** ISO 8601, null when the message has no readable date. */
  date: string | null;
  subject: string | null;
  messageId: string | null;
}

export interface MailAttachment {
  fileName: string;
  /** As the message declares it (lower case); the child job detects its own type from the bytes. */
  mimeType: string;
  sizeBytes: number;
  /** Shown inside the body (Content-Disposition inline with a Content-ID): pictures of the layout. */
  inline: boolean;
  content: Uint8Array;
}

export interface MailMessage {
  headers: MailHeaders;
  /** The HTML body when there is one (preferred), else null. */
  html: string | null;
  text: string | null;
  attachments: MailAttachment[];
}

export type MailKind = 'eml' | 'msg';
export const isMailKind = (kind: string | null | undefined): kind is MailKind =>
  kind === 'eml' || kind === 'msg';

/** A readable name for an attachment that has none ("attachment-2.pdf"). */
export function fallbackName(index: number, mimeType: string): string {
  const extension: Record<string, string> = {
    'application/pdf': '.pdf',
    'message/rfc822': '.eml',
    'text/plain': '.txt',
    'text/html': '.html',
    'image/png': '.png',
    'image/jpeg': '.jpg',
  };
  return `attachment-${index + 1}${extension[mimeType] ?? ''}`;
}
