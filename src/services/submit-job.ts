/**
 * The one way a job is made: POST /v1/jobs (JSON or multipart), POST /v1/jobs/{id}/retry and
 * /operations, and the bulk reprocess all come here. In order: everything that needs no document is
 * checked (task, parents, fields, case, quotas); then the document is stored (decoded, downloaded or
 * copied — a multipart upload arrives already stored); then the row and its queue message are written
 * in one transaction. Whatever fails after the document is stored discards it, here and only here.
 */
import type { Readable } from 'node:stream';
import { DocjobsError } from '../core/errors.ts';
import { type JobId, newJobId, type OrgId } from '../core/ids.ts';
import type { JobRecord, JobType, Metadata } from '../core/job.ts';
import { checkFileName } from '../core/storable-text.ts';
import { getJobByIdempotencyKey } from '../store/jobs/get-job.ts';
import { insertJob } from '../store/jobs/insert-job.ts';
import { unknownCaseError } from './cases.ts';
import { withChunking } from './chunk-task.ts';
import type { Context } from './context.ts';
import { settleWaitingJobs } from './dependencies.ts';
import { takeEditOperations } from './edit-task.ts';
import { fetchDocument } from './fetch-document.ts';
import { withoutFillOptions } from './fill-task.ts';
import { takeGenerateOptions } from './generate-task.ts';
import { checkQuotas } from './quotas.ts';
import { hashRequest } from './request-hash.ts';
import { resolveTask } from './resolve-task.ts';
import { enqueueRunMessage } from './run-messages.ts';
import { readingOptions } from './split-task.ts';
import { discardDocument, type StoredDocument, storeDocument } from './store-document.ts';
import { checkParents, checkSubmitFields } from './submit-checks.ts';
import type { ResolvedTask, TaskFields } from './task-fields.ts';

/** Where the job's document comes from. */
export type DocumentSource =
  /** None: a job over its parents' pages (dependsOn). `field` names the missing document in a 400. */
  | { kind: 'none'; field: 'document' | 'file' }
  /** A JSON body's document, decoded. */
  | { kind: 'bytes'; bytes: Uint8Array }
  /** Downloaded now, while the request waits (fetchDocument). */
  | { kind: 'url'; url: string }
  /** A multipart upload, streamed into the blob store as it arrived: discarded here on any failure. */
  | { kind: 'stored'; document: StoredDocument }
  /** Another job's upload, copied under the new job (retry, reprocess). */
  | { kind: 'blob'; key: string };

export interface SubmitRequest {
  orgId: OrgId;
  type: JobType;
  /** The task fields as the client sent them (checked here), or a task already resolved. */
  task: { fields: TaskFields } | { resolved: ResolvedTask };
  /** As the client sent it: a job id or a list of them. */
  dependsOn?: unknown;
  document: DocumentSource;
  options: Record<string, unknown>;
  metadata: Metadata;
  priority: number;
  timeoutSeconds: number | null;
  /** Default: the url's, when the document comes from one. */
  fileName: string | null;
  mimeType: string | null;
  idempotencyKey: string | null;
  reprocessedFrom?: JobId | null;
  webhookUrl?: string | null;
  caseId?: string | null;
  /** Default: now + RETENTION_DAYS; at most MAX_RETENTION_DAYS ahead. */
  expiresAt?: Date | null;
}

export interface Submitted {
  job: JobRecord;
  /** False when an idempotency key returned an earlier job. */
  created: boolean;
}

export async function submitJob(ctx: Context, request: SubmitRequest): Promise<Submitted> {
  const pending = request.document.kind === 'stored' ? request.document.document : null;
  let checked: Awaited<ReturnType<typeof checkRequest>>;
  try {
    checked = await checkRequest(ctx, request, pending?.jobId ?? newJobId());
  } catch (error) {
    if (pending) await discardDocument(ctx, pending);
    throw error;
  }
  return storeAndInsert(ctx, checked.jobId, checked.request, checked.resolved, checked.findReplay);
}

/** Everything that needs no document, in the order a client would fix it. */
async function checkRequest(ctx: Context, request: SubmitRequest, jobId: JobId) {
  const { orgId, document: source } = request;
  const asked =
    'resolved' in request.task
      ? request.task.resolved
      : await resolveTask(ctx, orgId, request.type, request.task.fields, request.options);
  const dependsOn = await checkParents(ctx, orgId, request.dependsOn);
  // A generate job makes its document: it needs none (an upload is its template file).
  if (source.kind === 'none' && dependsOn.length === 0 && request.type !== 'generate')
    throw missingDocument(source.field);
  const generate = takeGenerateOptions(request.type, request.options, source.kind !== 'none');
  const edit = takeEditOperations(request.type, generate.readingOptions, dependsOn);
  const checkedOptions = await checkSubmitFields(ctx, orgId, {
    mimeType: request.mimeType,
    metadata: request.metadata,
    options: readingOptions(request.type, withoutFillOptions(request.type, edit.readingOptions)),
    task: edit.task ?? generate.task ?? asked.task,
    expiresAt: request.expiresAt ?? null,
    webhookUrl: request.webhookUrl ?? null,
    caseId: request.caseId ?? null,
  });
  const { resolved, options } = edit.task
    ? withChunking(
        request.type,
        { task: edit.task, extractor: null },
        { ...checkedOptions, operations: edit.task.operations },
      )
    : generate.task
      ? {
          resolved: { task: generate.task, extractor: null },
          options: { ...checkedOptions, ...generate.own },
        }
      : withChunking(request.type, asked, checkedOptions);
  // Looked up at most once per submit: by the quota check of a refused replay, or after the insert.
  let replay: Promise<JobRecord | null> | null = null;
  const findReplay = () => {
    replay ??= request.idempotencyKey
      ? getJobByIdempotencyKey(ctx.db, orgId, request.idempotencyKey)
      : Promise.resolve(null);
    return replay;
  };
  await checkQuotas(ctx, orgId, jobId, async () => (await findReplay()) !== null);
  return { jobId, request: { ...request, options, dependsOn }, resolved, findReplay };
}

type CheckedRequest = Omit<SubmitRequest, 'dependsOn' | 'task'> & { dependsOn: JobId[] };

async function storeAndInsert(
  ctx: Context,
  jobId: JobId,
  request: CheckedRequest,
  resolved: ResolvedTask,
  findReplay: () => Promise<JobRecord | null>,
): Promise<Submitted> {
  const { document, fileName, mimeType } = await obtainDocument(ctx, jobId, request);
  let job: JobRecord | null;
  let requestHash: string;
  try {
    const nameFault = checkFileName(fileName);
    if (nameFault) {
      throw new DocjobsError('VALIDATION_ERROR', nameFault.message, { details: { field: nameFault.field } });
    }
    const checked = { ...request, fileName, mimeType };
    const timeoutSeconds = request.timeoutSeconds ?? ctx.config.defaultTimeoutSeconds;
    requestHash = hashOf(checked, resolved, timeoutSeconds, document.sha256);
    job = await insertWithMessage(ctx, document, checked, resolved, timeoutSeconds, requestHash);
  } catch (error) {
    await discardDocument(ctx, document);
    throw unknownCaseError(error, request.caseId) ?? error;
  }
  if (job?.waitingFor) await settleWaitingJobs(ctx, [job.id]); // its parents may have ended already
  if (job) return { job, created: true };
  await discardDocument(ctx, document);
  return answerReplay(await findReplay(), requestHash);
}

/** The Idempotency-Key was taken: the same request gets its job (200), another request a 409. */
function answerReplay(existing: JobRecord | null, requestHash: string): Submitted {
  if (!existing) throw new DocjobsError('CONFLICT', 'the idempotency key is in use; retry the request');
  if (existing.requestHash !== requestHash) {
    throw new DocjobsError('CONFLICT', 'this Idempotency-Key was used with a different request', {
      details: { jobId: existing.id },
    });
  }
  return { job: existing, created: false };
}

/** The document under the new job's id, with the file name and type a url's answer may give. */
async function obtainDocument(ctx: Context, jobId: JobId, request: CheckedRequest) {
  const { fileName, mimeType } = request;
  const source = request.document;
  switch (source.kind) {
    case 'none':
      return { document: { jobId, key: null, sizeBytes: 0, sha256: 'none' }, fileName, mimeType };
    case 'stored':
      return { document: source.document, fileName, mimeType };
    case 'bytes':
      return { document: await storeDocument(ctx, source.bytes, jobId), fileName, mimeType };
    case 'blob': {
      const copy: Readable = await ctx.blobs.get(source.key);
      return { document: await storeDocument(ctx, copy, jobId), fileName, mimeType };
    }
    case 'url': {
      const fetched = await fetchDocument(ctx, source.url, jobId);
      return {
        document: fetched.stored,
        fileName: fileName ?? fetched.fileName,
        mimeType: mimeType ?? fetched.mimeType,
      };
    }
  }
}

/** The row and its queue message in one transaction; null when the idempotency key is taken. */
async function insertWithMessage(
  ctx: Context,
  document: StoredDocument,
  request: CheckedRequest,
  { task, extractor }: ResolvedTask,
  timeoutSeconds: number,
  requestHash: string,
): Promise<JobRecord | null> {
  const expiresAt = request.expiresAt ?? new Date(Date.now() + ctx.config.retentionDays * 86_400_000);
  return ctx.db.transaction(async (tx) => {
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
      task,
      extractor,
      dependsOn: request.dependsOn,
    });
    if (!inserted) return null;
    // A job with parents gets its queue message when they have ended (settleWaitingJobs).
    if (inserted.waitingFor) return inserted;
    return {
      ...inserted,
      queueJobId: await enqueueRunMessage(ctx, tx, inserted, { messageId: inserted.queueJobId }),
    };
  });
}

/** Only what the request said: a default expiry moves with the clock. */
function hashOf(request: CheckedRequest, { task }: ResolvedTask, timeoutSeconds: number, sha256: string) {
  return hashRequest([
    request.type,
    request.options,
    request.metadata,
    request.priority,
    timeoutSeconds,
    request.fileName,
    request.mimeType,
    sha256,
    request.webhookUrl ?? null,
    request.caseId ?? null,
    request.expiresAt?.toISOString() ?? null,
    task ?? null,
    request.dependsOn,
  ]);
}

const missingDocument = (field: 'document' | 'file') =>
  new DocjobsError(
    'VALIDATION_ERROR',
    field === 'file'
      ? 'the multipart body has no "file" part (or "url" field)'
      : "send a document, or dependsOn to reuse other jobs' pages",
    { details: { field } },
  );
