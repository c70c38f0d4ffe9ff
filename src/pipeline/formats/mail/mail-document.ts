/**
 * An e-mail as pages: a header block (From, To, Cc, Date, Subject) and then the body, HTML through
 * the same turndown path as HTML files (tables survive), else the plain text. One page: a message
 * has no fixed pages. The attachments are named at the end; their contents are child jobs.
 */
import { htmlToMarkdown } from '../../html.ts';
import { markdownBlocks, stripMarkdown } from '../../markdown.ts';
import { singlePage } from '../../single-page.ts';
import type { Block, ParsedDocument } from '../../types.ts';
import type { MailKind, MailMessage } from './mail-message.ts';

export const mailMimeTypes: Record<MailKind, string> = {
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
};

export function mailDocument(message: MailMessage, kind: MailKind, inlineImages = false): ParsedDocument {
  const { headers } = message;
  const headerLines = [
    headers.from ? `From: ${headers.from}` : null,
    headers.to.length > 0 ? `To: ${headers.to.join(', ')}` : null,
    headers.cc.length > 0 ? `Cc: ${headers.cc.join(', ')}` : null,
    headers.date ? `Date: ${headers.date}` : null,
    headers.subject ? `Subject: ${headers.subject}` : null,
  ].filter((line): line is string => line !== null);
  const body = message.html ? htmlToMarkdown(message.html) : (message.text ?? '').replace(/\r\n?/g, '\n');
  const listed = message.attachments.filter((a) => inlineImages || !a.inline).map((a) => a.fileName);
  const attachmentLine = listed.length > 0 ? `Attachments: ${listed.join(', ')}` : null;
  const headerBlock: Block | null =
    headerLines.length > 0 ? { type: 'paragraph', text: headerLines.join('\n'), bbox: null } : null;
  const bodyBlocks = markdownBlocks(body.trim());
  const blocks = [
    ...(headerBlock ? [headerBlock] : []),
    ...bodyBlocks,
    ...(attachmentLine ? [{ type: 'paragraph' as const, text: attachmentLine, bbox: null }] : []),
  ];
  // Hard line breaks keep one header a line in the markdown (two spaces would be invisible).
  const markdown = [headerLines.join('\\\n'), body.trim(), attachmentLine]
    .filter((part) => part)
    .join('\n\n');
  const text = [headerLines.join('\n'), stripMarkdown(body).trim(), attachmentLine]
    .filter((part) => part)
    .join('\n\n');
  const page = singlePage({
    kind,
    text,
    markdown,
    title: headers.subject,
    author: headers.from,
    createdAt: headers.date,
    blocks,
  });
  return {
    ...page,
    metadata: { ...page.metadata, mimeType: mailMimeTypes[kind], subject: headers.subject, email: headers },
  };
}
