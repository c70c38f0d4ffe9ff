/** Worker-thread entry that hands back an e-mail's attachments, bytes moved rather than copied. */
import { serveTasks } from '../../thread-pool.ts';
import type { MailAttachment, MailKind } from './mail-message.ts';
import { readMailAttachments } from './parse-mail.ts';

export interface AttachmentsTask {
  kind: MailKind;
  data: Uint8Array;
}

serveTasks<AttachmentsTask, MailAttachment[]>(async ({ kind, data }) => {
  const attachments = await readMailAttachments(data, kind);
  // mailparser's buffers may share one ArrayBuffer (Buffer's pool): copy each to move it alone.
  const owned = attachments.map((a) => ({ ...a, content: new Uint8Array(a.content) }));
  return { result: owned, transfer: owned.map((a) => a.content.buffer as ArrayBuffer) };
});
