import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { documentKey, jobPrefix } from '../blobs/blob-store.ts';
import { DocjobsError } from '../core/errors.ts';
import { isJobId, type JobId, newJobId, type OrgId } from '../core/ids.ts';
import { checkMetadata, type JobRecord, type JobType, type Metadata } from '../core/job.ts';
import { checkParseOptions } from '../core/parse-options.ts';
import { checkFileName, findUnstorableText } from '../core/storable-text.ts';
import type { DefinitionRef, JobTask } from '../core/task.ts';
import { getJob, getJobByIdempotencyKey } from '../store/jobs/get-job.ts';
import { insertJob } from '../store/jobs/insert-job.ts';
import { checkWebhookTarget } from './address-guard.ts';
import { checkCaseOfSubmit, unknownCaseError } from './cases.ts';
import type { Context } from './context.ts';
import { settleWaitingJobs } from './dependencies.ts';
import { checkQuotas } from './quotas.ts';
import { enqueueRunMessage } from './run-messages.ts';

/** A document in the blob store, waiting for its job row. */
export interface StoredDocument {
  jobId: JobId;
  /** null for a job without an upload of its own (it reads its parents' pages). */
  key: string | null;
  sizeBytes: number;
  sha256: string;
}

export interface JobRequest {
  orgId: OrgId;
  type: JobType;
  options: Record<string, unknown>;
  metadata: Metadata;
  priority: number;
  timeoutSeconds: number | null;
  fileName: string | null;
  mimeType: string | null;
  idempotencyKey: string | null;
  reprocessedFrom?: JobId | null;
  webhookUrl?: string | null;
  caseId?: string | null;
  /** Default: now + RETENTION_DAYS; at most MAX_RETENTION_DAYS ahead. */
  expiresAt?: Date | null;
  /** From resolveTask: what an extract, classify or workflow job does. */
  task?: JobTask | null;
  extractor?: DefinitionRef | null;
  /** Parents whose parsed pages the job reuses; checked by checkParents. */
  dependsOn?: JobId[];
}

export interface Submitted {
  job: JobRecord;
  /** False when an idempotency key returned an earlier job. */
  created: boolean;
}

/**
 * Stream a document into the blob store, hashing it on the way: it is never held whole in memory.
 * Multipart uploads call this as soon as the file part arrives, before later fields are read.
 */
export async function storeDocument(ctx: Context, document: Readable | Uint8Array): Promise<StoredDocument> {
  const jobId = newJobId();
  const key = documentKey(jobId);
  const digest = createHash('sha256');
  const source = document instanceof Uint8Array ? Readable.from([document]) : document;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      done(null, chunk);
    },
  });
  source.on('error', (error) => hashing.destroy(error));
  try {
    const { sizeBytes } = await ctx.blobs.put(key, source.pipe(hashing));
    return { jobId, key, sizeBytes, sha256: digest.digest('hex') };
  } catch (error) {
    await discardDocument(ctx, { jobId });
    throw error;
  }
}

export async function discardDocument(ctx: Context, document: Pick<StoredDocument, 'jobId'>): Promise<void> {
  await ctx.blobs.deletePrefix(jobPrefix(document.jobId)).catch(() => {});
}

/**
 * Write the job row and its queue message in one transaction. With an idempotency key already
 * used by this organisation: the same request returns that job; another request is a conflict.
 */
export async function enqueueJob(
  ctx: Context,
  document: StoredDocument | null,
  request: JobRequest,
): Promise<Submitted> {
  if (!document) return enqueueWithoutDocument(ctx, request);
  await checkQuotas(ctx, document, request);
  const options = checkParseOptions(request.options);
  const { fileName, mimeType, metadata, task } = request;
  const fault =
    checkFileName(fileName) ??
    // JSON bodies are checked as they are parsed; this catches JSON inside multipart fields.
    findUnstorableText({ mimeType, metadata, options: request.options, task }) ??
    checkMetadata(metadata) ??
    (options.ok ? null : options) ??
    checkExpiry(request.expiresAt, ctx.config.maxRetentionDays) ??
    (await checkWebhookUrl(ctx, request.webhookUrl));
  if (fault) {
    await discardDocument(ctx, document);
    throw new DocjobsError('VALIDATION_ERROR', fault.message, { details: { field: fault.field } });
  }
  await checkCaseOfSubmit(ctx.db, request.orgId, request.caseId).catch(async (error: unknown) => {
    await discardDocument(ctx, document);
    throw error;
  });
  if (options.ok) request = { ...request, options: { ...options.value } };
  const timeoutSeconds = request.timeoutSeconds ?? ctx.config.defaultTimeoutSeconds;
  const expiresAt = request.expiresAt ?? new Date(Date.now() + ctx.config.retentionDays * 86_400_000);
  const requestHash = hashRequest(request, timeoutSeconds, document.sha256);
  let job: JobRecord | null;
  try {
    job = await ctx.db.transaction(async (tx) => {
      const inserted = await insertJob(tx, {
        id: document.jobId,
        orgId: request.orgId,
        type: request.type,
        fileName: request.fileName,
        mimeType: request.mimeType,
        sizeBytes: document.sizeBytes,
        documentKey: document.key,
        options: request.options,
        metadata: request.metadata,
        priority: request.priority,
        timeoutSeconds,
        idempotencyKey: request.idempotencyKey,
        requestHash,
        reprocessedFrom: request.reprocessedFrom ?? null,
        webhookUrl: request.webhookUrl ?? null,
        caseId: request.caseId ?? null,
        expiresAt,
        task: request.task ?? null,
        extractor: request.extractor ?? null,
        dependsOn: request.dependsOn ?? [],
      });
      if (!inserted) return null;
      // A job with parents gets its queue message when they have ended (settleWaitingJobs).
      if (inserted.waitingFor) return inserted;
      return {
        ...inserted,
        queueJobId: await enqueueRunMessage(ctx, tx, inserted, { messageId: inserted.queueJobId }),
      };
    });
  } catch (error) {
    await discardDocument(ctx, document);
    throw unknownCaseError(error, request.caseId) ?? error;
  }
  if (job?.waitingFor) await settleWaitingJobs(ctx, [job.id]); // its parents may have ended already
  if (job) return { job, created: true };

  await discardDocument(ctx, document);
  const existing = await getJobByIdempotencyKey(ctx.db, request.orgId, request.idempotencyKey!);
  if (!existing) throw new DocjobsError('CONFLICT', 'the idempotency key is in use; retry the request');
  if (existing.requestHash !== requestHash) {
    throw new DocjobsError('CONFLICT', 'this Idempotency-Key was used with a different request', {
      details: { jobId: existing.id },
    });
  }
  return { job: existing, created: false };
}

function checkExpiry(expiresAt: Date | null | undefined, maxDays: number) {
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
async function checkWebhookUrl(ctx: Context, url: string | null | undefined) {
  if (!url) return null;
  return checkWebhookTarget(url, { field: 'webhookUrl', allowPrivate: ctx.config.webhookAllowPrivate });
}

/**
 * A job over its parents' content (dependsOn, POST /v1/jobs/{id}/operations): no upload of its own.
 * A job id stands in for the document key in the hash, so the same request is the same job.
 */
async function enqueueWithoutDocument(ctx: Context, request: JobRequest): Promise<Submitted> {
  if (!request.dependsOn?.length) {
    throw new DocjobsError('VALIDATION_ERROR', "send a document, or dependsOn to reuse other jobs' pages", {
      details: { field: 'document' },
    });
  }
  return enqueueJob(ctx, { jobId: newJobId(), key: null, sizeBytes: 0, sha256: 'none' }, request);
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
  for (const id of unique) {
    if (!isJobId(id) || !(await getJob(ctx.db, orgId, id))) {
      throw new DocjobsError('NOT_FOUND', `dependsOn: no job ${id}`, { details: { field: 'dependsOn' } });
    }
  }
  return unique as JobId[];
}

export async function submitJob(ctx: Context, document: Readable | Uint8Array, request: JobRequest) {
  return enqueueJob(ctx, await storeDocument(ctx, document), request);
}

function hashRequest(request: JobRequest, timeoutSeconds: number, documentSha256: string): string {
  const canonical = JSON.stringify([
    request.type,
    sortKeys(request.options),
    sortKeys(request.metadata),
    request.priority,
    timeoutSeconds,
    request.fileName,
    request.mimeType,
    documentSha256,
    // Only what the request said: a default expiry moves with the clock.
    request.webhookUrl ?? null,
    request.caseId ?? null,
    request.expiresAt?.toISOString() ?? null,
    sortKeys(request.task ?? null),
    request.dependsOn ?? [],
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
}
