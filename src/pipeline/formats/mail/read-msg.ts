/**
 * Outlook MSG (a CFB file of MAPI property streams) through @kenjiuno/msgreader. An attached
 * Outlook item comes back as a .msg of its own (msgreader writes it out), so nesting works as
 * for EML.
 */
import msgreader, { type FieldsData } from '@kenjiuno/msgreader';
import { permanent } from '../../../core/errors.ts';
import { fallbackName, type MailAttachment, type MailMessage } from './mail-message.ts';

// Node gives a CommonJS module's exports object as its default import: the class is its `.default`.
const MsgReader = msgreader.default;

export function readMsg(bytes: Uint8Array): MailMessage {
  let reader: InstanceType<typeof MsgReader>;
  let fields: FieldsData;
  try {
    reader = new MsgReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    fields = reader.getFileData();
  } catch (error) {
    throw permanent('PARSE_ERROR', `cannot read the Outlook message: ${(error as Error).message}`, error);
  }
  if (fields.error) throw permanent('PARSE_ERROR', `cannot read the Outlook message: ${fields.error}`);
  const recipients = fields.recipients ?? [];
  const of = (type: 'to' | 'cc') =>
    recipients.filter((r) => (r.recipType ?? 'to') === type).map((r) => address(r.name, smtp(r)));
  const html = fields.bodyHtml ?? (fields.html ? new TextDecoder().decode(fields.html) : null);
  return {
    headers: {
      from:
        fields.senderName || fields.senderEmail ? address(fields.senderName, senderAddress(fields)) : null,
      to: of('to'),
      cc: of('cc'),
      date: isoDate(fields.clientSubmitTime ?? fields.messageDeliveryTime ?? headerLine(fields, 'date')),
      subject: fields.subject?.trim() || null,
      messageId: headerLine(fields, 'message-id'),
    },
    html: html?.trim() ? html : null,
    text: fields.body?.trim() ? fields.body : null,
    attachments: (fields.attachments ?? []).map((attachment, index): MailAttachment => {
      const { fileName, content } = reader.getAttachment(attachment);
      const mimeType = attachment.innerMsgContent
        ? 'application/vnd.ms-outlook'
        : (attachment.attachMimeTag ?? 'application/octet-stream').toLowerCase();
      return {
        fileName: fileName || attachment.fileNameShort || fallbackName(index, mimeType),
        mimeType,
        sizeBytes: content.byteLength,
        inline: attachment.attachmentHidden === true || Boolean(attachment.pidContentId),
        content,
      };
    }),
  };
}

const smtp = (field: FieldsData) => field.smtpAddress || field.email || null;
const senderAddress = (fields: FieldsData) => fields.senderSmtpAddress || fields.senderEmail || null;

function address(name: string | undefined, email: string | null): string {
  if (name && email && name !== email) return `${name} <${email}>`;
  return name || email || '';
}

/** A header from the transport headers Outlook kept (messages that came by SMTP have them). */
function headerLine(fields: FieldsData, name: string): string | null {
  const match = fields.headers?.match(new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im'));
  return match ? match[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : null;
}

function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
