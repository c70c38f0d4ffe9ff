/** EML (RFC 822/MIME) through mailparser: headers, the HTML or text body, attachments with bytes. */
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { permanent } from '../../../core/errors.ts';
import { fallbackName, type MailAttachment, type MailMessage } from './mail-message.ts';

export async function readEml(bytes: Uint8Array): Promise<MailMessage> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      // cid: pictures stay links: as data URIs they would fill the markdown with base64.
      keepCidLinks: true,
      skipTextToHtml: true,
      // The HTML body is read by our turndown path; mailparser's own HTML-to-text ran for minutes
      // on 200,000 nested <div>s (turndown refuses them in milliseconds).
      skipHtmlToText: true,
      skipTextLinks: true,
    });
  } catch (error) {
    throw permanent('PARSE_ERROR', `cannot read the e-mail: ${(error as Error).message}`, error);
  }
  const messageId = mail.messageId ?? null;
  return {
    headers: {
      from: addresses(mail.from)[0] ?? null,
      to: addresses(mail.to),
      cc: addresses(mail.cc),
      date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
      subject: mail.subject?.trim() || null,
      messageId,
    },
    html: typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null,
    text: mail.text?.trim() ? mail.text : null,
    attachments: mail.attachments.map(
      (part, index): MailAttachment => ({
        fileName: part.filename || fallbackName(index, part.contentType),
        mimeType: part.contentType.toLowerCase(),
        sizeBytes: part.content.byteLength,
        // `related`: a picture the HTML body shows (multipart/related), not a file that was sent.
        inline: part.related === true || (part.contentDisposition === 'inline' && Boolean(part.cid)),
        content: new Uint8Array(part.content.buffer, part.content.byteOffset, part.content.byteLength),
      }),
    ),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((object) =>
    object.value.flatMap((address) => {
      const members = address.group ?? [address];
      return members.map((member) =>
        member.name && member.address ? `${member.name} <${member.address}>` : member.address || member.name,
      );
    }),
  );
}
