/**
 * The checks of a submit that need no document: each answers 400 (or 404) naming the field, before
 * a byte of the upload is stored. The file name is the one check left for after the upload, since a
 * url's name is only known from its answer.
 */
import { DocjobsError } from '../core/errors.ts';
import { isJobId, type JobId, type OrgId } from '../core/ids.ts';
import { checkMetadata, type Metadata } from '../core/job.ts';
import { checkParseOptions } from '../core/parse-options.ts';
import { findUnstorableText } from '../core/storable-text.ts';
import type { JobTask } from '../core/task.ts';
import { existingJobIds } from '../store/jobs/get-job.ts';
import { checkWebhookTarget } from './address-guard.ts';
import { checkCaseOfSubmit } from './cases.ts';
import type { Context } from './context.ts';

export interface CheckedFields {
  mimeType: string | null;
  metadata: Metadata;
  options: Record<string, unknown>;
  task: JobTask | null;
  expiresAt: Date | null;
  webhookUrl: string | null;
  caseId: string | null;
}

/** The request's fields, with its options as checkParseOptions normalised them. */
export async function checkSubmitFields(
  ctx: Context,
  orgId: OrgId,
  fields: CheckedFields,
): Promise<Record<string, unknown>> {
  const { mimeType, metadata, task } = fields;
  const options = checkParseOptions(fields.options);
  const fault =
    // JSON bodies are checked as they are parsed; this catches JSON inside multipart fields.
    findUnstorableText({ mimeType, metadata, options: fields.options, task }) ??
    checkMetadata(metadata) ??
    (options.ok ? null : options) ??
    checkExpiry(fields.expiresAt, ctx.config.maxRetentionDays) ??
    (await checkWebhookUrl(ctx, fields.webhookUrl));
  if (fault) throw new DocjobsError('VALIDATION_ERROR', fault.message, { details: { field: fault.field } });
  await checkCaseOfSubmit(ctx.db, orgId, fields.caseId);
  return options.ok ? { ...options.value } : fields.options;
}

function checkExpiry(expiresAt: Date | null, maxDays: number) {
  if (!expiresAt) return null;
  const latest = Date.now() + maxDays * 86_400_000;
  if (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > latest) {
    return {
      field: 'expiresAt',
      message: `expiresAt must be in the future and at most ${maxDays} days ahead`,
    };
  }
  return null;
}

/** http(s), and not a private, loopback or link-local target unless WEBHOOK_ALLOW_PRIVATE. */
async function checkWebhookUrl(ctx: Context, url: string | null) {
  if (!url) return null;
  return checkWebhookTarget(url, { field: 'webhookUrl', allowPrivate: ctx.config.webhookAllowPrivate });
}

/** dependsOn: 1 to 20 distinct jobs of the organisation (another's is a 404, like any unknown id). */
export async function checkParents(ctx: Context, orgId: OrgId, value: unknown): Promise<JobId[]> {
  if (value === undefined || value === null) return [];
  const ids = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > 20 ||
    ids.some((id) => typeof id !== 'string')
  ) {
    throw new DocjobsError('VALIDATION_ERROR', 'dependsOn is a job id or a list of 1 to 20 job ids', {
      details: { field: 'dependsOn' },
    });
  }
  const unique = [...new Set(ids as string[])];
  const wellFormed = unique.filter(isJobId);
  const found = wellFormed.length > 0 ? await existingJobIds(ctx.db, orgId, wellFormed) : new Set<string>();
  const missing = unique.find((id) => !found.has(id));
  if (missing !== undefined) {
    throw new DocjobsError('NOT_FOUND', `dependsOn: no job ${missing}`, { details: { field: 'dependsOn' } });
  }
  return unique as JobId[];
}
