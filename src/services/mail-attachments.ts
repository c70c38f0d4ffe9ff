/**
 * An e-mail job's attachments as child jobs: each attachment a job of the same type, task and
 * options as the e-mail's (a PDF sent with an e-mail submitted for `extract` is extracted with the
 * same schema), with `dependsOn` the e-mail job, so it starts when the e-mail's job has ended and
 * fails with DEPENDENCY_FAILED if it fails. Like split's children (split-parts.ts) they are
 * submitted before the e-mail job completes and carry an idempotency key per attachment, so a
 * retried run finds them again. Each child owns its document: deleting the e-mail job leaves them.
 */
import { DocjobsError } from '../core/errors.ts';
import type { JobId } from '../core/ids.ts';
import { type JobRecord, metadataLimits } from '../core/job.ts';
import { checkParseOptions } from '../core/parse-options.ts';
import { detectFileType } from '../pipeline/detect.ts';
import type { MailAttachment, MailKind } from '../pipeline/formats/mail/mail-message.ts';
import { mailAttachments } from '../pipeline/formats/mail/mail-pool.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';
import { submitJob } from './submit-job.ts';

/**
 * Per e-mail: 20 children and 50 MiB of attachments, then the rest is listed, not submitted. An
 * e-mail inside an e-mail is read 3 levels deep; deeper ones are listed.
 */
export const mailLimits = { attachments: 20, totalBytes: 50 * 2 ** 20, depth: 3 } as const;

export interface AttachmentEntry {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  /** The child job reading it; null with `reason` when none was submitted. */
  jobId: string | null;
  reason?: string;
}

export interface MailChildren {
  attachments: AttachmentEntry[];
  /** Set when a cap left attachments without a job. */
  attachmentsNote?: string;
}

const idempotencyPrefix = 'mail:';

export async function submitMailAttachments(
  ctx: Context,
  job: JobRecord,
  kind: MailKind,
  signal: AbortSignal,
): Promise<MailChildren> {
  if (!job.documentKey) return { attachments: [] };
  const bytes = await ctx.blobs.getBytes(job.documentKey);
  const options = checkParseOptions(job.options);
  const inlineImages = options.ok && options.value.email?.inlineImages === true;
  const found = (await mailAttachments(kind, bytes, signal)).filter((a) => inlineImages || !a.inline);
  const depth = await mailDepth(ctx, job);
  const entries: AttachmentEntry[] = [];
  const caps = new Set<string>();
  let submitted = 0;
  let totalBytes = 0;
  for (const [index, attachment] of found.entries()) {
    signal.throwIfAborted();
    const { fileName, mimeType, sizeBytes } = attachment;
    const entry: AttachmentEntry = { fileName, mimeType, sizeBytes, jobId: null };
    entries.push(entry);
    const refused = await refusal(attachment, depth);
    if (refused) {
      entry.reason = refused;
      continue;
    }
    if (submitted >= mailLimits.attachments || totalBytes + sizeBytes > mailLimits.totalBytes) {
      const cap =
        submitted >= mailLimits.attachments
          ? `at most ${mailLimits.attachments} attachments per e-mail become jobs`
          : `at most ${mailLimits.totalBytes / 2 ** 20} MiB of attachments per e-mail become jobs`;
      entry.reason = cap;
      caps.add(cap);
      continue;
    }
    try {
      const { job: child } = await submitJob(ctx, childRequest(job, attachment, index));
      entry.jobId = child.id;
      submitted++;
      totalBytes += sizeBytes;
    } catch (error) {
      // A quota reached or the upload limit: the e-mail stands, the attachment says why.
      if (!(error instanceof DocjobsError)) throw error;
      entry.reason = `${error.code}: ${error.message}`;
    }
  }
  const note = caps.size > 0 ? `${[...caps].join('; ')}: the others are listed without a job` : null;
  return note ? { attachments: entries, attachmentsNote: note } : { attachments: entries };
}

/** Why an attachment gets no job, or null: its type (detected from its bytes), or nesting. */
async function refusal(attachment: MailAttachment, depth: number): Promise<string | null> {
  if (attachment.sizeBytes === 0) return 'the attachment is empty';
  let kind: string;
  try {
    const head = attachment.content.subarray(0, 4100);
    kind = (await detectFileType(head, attachment.fileName, attachment.mimeType)).kind;
  } catch (error) {
    if (error instanceof DocjobsError) return `${error.code}: ${error.message}`;
    throw error;
  }
  if ((kind === 'eml' || kind === 'msg') && depth + 1 > mailLimits.depth)
    return `an e-mail nested more than ${mailLimits.depth} levels deep is listed, not read`;
  return null;
}

/**
 * How many e-mails this one is inside: its ancestors that submitted it as an attachment. An
 * ancestor deleted meanwhile ends the walk (the depth is then at least what was counted).
 */
async function mailDepth(ctx: Context, job: JobRecord): Promise<number> {
  let depth = 0;
  let current: JobRecord | null = job;
  while (current && depth <= mailLimits.depth) {
    const parent: string | null = current.dependsOn.length === 1 ? current.dependsOn[0]! : null;
    if (!parent || !current.idempotencyKey?.startsWith(`${idempotencyPrefix}${parent}:`)) break;
    depth++;
    current = await findJob(ctx, job.orgId, parent).catch((error: unknown) => {
      if (error instanceof DocjobsError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
  }
  return depth;
}

function childRequest(job: JobRecord, attachment: MailAttachment, index: number) {
  const own: Record<string, string> = { emailJobId: job.id, emailAttachment: String(index + 1) };
  // Metadata holds at most 16 keys: the parent's come first.
  const room = metadataLimits.keys - Object.keys(job.metadata).length;
  const metadata = {
    ...Object.fromEntries(Object.entries(own).slice(0, Math.max(0, room))),
    ...job.metadata,
  };
  const extractor =
    job.extractorId && job.extractorVersion !== null
      ? { id: job.extractorId, version: job.extractorVersion }
      : null;
  return {
    orgId: job.orgId,
    type: job.type,
    task: { resolved: { task: job.task, extractor } },
    dependsOn: [job.id as JobId],
    document: { kind: 'bytes' as const, bytes: attachment.content },
    options: job.options,
    metadata,
    priority: job.priority,
    timeoutSeconds: job.timeoutSeconds,
    fileName: attachment.fileName,
    mimeType: attachment.mimeType,
    idempotencyKey: `${idempotencyPrefix}${job.id}:${index + 1}`,
    webhookUrl: job.webhookUrl,
    caseId: job.caseId,
  };
}
