/**
 * The worker side of e-mail reading (parse-worker.ts and mail-worker.ts call these): a message's
 * pages, or its attachments with their bytes. Both read the whole message; the size it may have is
 * the upload limit's, and the thread's heap cap (parse-pool.ts) stops a hostile one.
 */
import { permanent } from '../../../core/errors.ts';
import type { ParsedDocument } from '../../types.ts';
import { mailDocument } from './mail-document.ts';
import type { MailAttachment, MailKind, MailMessage } from './mail-message.ts';
import { readEml } from './read-eml.ts';
import { readMsg } from './read-msg.ts';

async function readMail(bytes: Uint8Array, kind: MailKind): Promise<MailMessage> {
  const message = kind === 'eml' ? await readEml(bytes) : readMsg(bytes);
  if (!message.html && !message.text && message.attachments.length === 0 && !message.headers.subject)
    throw permanent('PARSE_ERROR', 'the e-mail has no subject, body or attachment to read');
  return message;
}

export async function parseMail(bytes: Uint8Array, kind: MailKind): Promise<ParsedDocument> {
  return mailDocument(await readMail(bytes, kind), kind);
}

export async function readMailAttachments(bytes: Uint8Array, kind: MailKind): Promise<MailAttachment[]> {
  return (await readMail(bytes, kind)).attachments;
}
