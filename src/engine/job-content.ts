/**
 * The parsed pages a job works on: its own upload read through the parse stage, or, for a job
 * with `dependsOn` and no upload, its parents' parsed pages as they stored them — no second parse,
 * no second OCR.
 */
import { BlobAccessDeniedError, BlobNotFoundError, parsedKey, resultKey } from '../blobs/blob-store.ts';
import { DocjobsError, permanent } from '../core/errors.ts';
import type { JobId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import { isSelected, parsePageSelection } from '../core/page-selection.ts';
import { checkParseOptions, defaultParseOptions } from '../core/parse-options.ts';
import { detectFileType } from '../pipeline/detect.ts';
import { documentOfPages, joinDocuments } from '../pipeline/document-pages.ts';
import { type ReadOutcome, readDocument } from '../pipeline/read-document.ts';
import type { DetectedType, ParsedDocument, StageContext } from '../pipeline/types.ts';
import { storeName } from '../services/blob-store-identity.ts';
import type { Context } from '../services/context.ts';
import { getJob } from '../store/jobs/get-job.ts';
import { BlobStoreFault } from './blob-store-guard.ts';

export interface JobContent extends ReadOutcome {
  detected: DetectedType | null;
  /** The parents whose pages were reused; empty when the job read its own document. */
  reusedFrom: JobId[];
  /** Pages reused from parents: each page's number here → the parent and its number there. */
  origins?: ReadonlyMap<number, PageOrigin>;
}

export interface PageOrigin {
  jobId: JobId;
  page: number;
}

export async function loadJobContent(
  ctx: Context,
  job: JobRecord,
  stage: StageContext,
  onDetected: (detected: DetectedType) => void,
): Promise<JobContent> {
  if (!job.documentKey) return parentsContent(ctx, job);
  const key = job.documentKey;
  const bytes = await ctx.blobs.getBytes(key).catch(async (error) => {
    throw await readFailure(ctx, error, {
      missingFrom: `the document of job ${job.id} (${key}) is missing from`,
      // Still ours to run: its row was not cancelled and deleted under us, so the store lacks it.
      stillStored: async () => {
        const row = await getJob(ctx.db, job.orgId, job.id);
        return row?.status === 'processing' && row.attempt === job.attempt;
      },
      // Cancelled and deleted while it started: the guarded move of its failure changes nothing.
      gone: () => permanent('INTERNAL_ERROR', 'the document of this job is gone'),
    });
  });
  const detected = await detectFileType(bytes.subarray(0, 4100), job.fileName, job.mimeType);
  onDetected(detected);
  const options = checkParseOptions(job.options);
  const read = await readDocument(bytes, detected, stage, {
    ...(options.ok ? options.value : defaultParseOptions),
  });
  return { ...read, detected, reusedFrom: [] };
}

async function parentsContent(ctx: Context, job: JobRecord): Promise<JobContent> {
  const started = performance.now();
  const documents: ParsedDocument[] = [];
  for (const id of job.dependsOn) documents.push(await loadParentPages(ctx, job, id));
  if (documents.length === 0)
    throw new DocjobsError('INTERNAL_ERROR', 'the job has no document and no parents');
  // Numbered on as joinDocuments numbers them (a page's own number plus the pages before its parent).
  const origins = new Map<number, PageOrigin>();
  let offset = 0;
  for (const [k, document] of documents.entries()) {
    for (const page of document.pages)
      origins.set(page.page + offset, { jobId: job.dependsOn[k]!, page: page.page });
    offset += document.pages.length;
  }
  return {
    origins,
    document: selectedPages(job, joinDocuments(documents)),
    passes: [],
    parseMs: Math.round(performance.now() - started),
    detected: null,
    reusedFrom: job.dependsOn,
  };
}

/** options.pages over the parents' pages (a split part's extract child reads its part's pages). */
function selectedPages(job: JobRecord, document: ParsedDocument): ParsedDocument {
  const options = checkParseOptions(job.options);
  const selection = options.ok && options.value.pages ? parsePageSelection(options.value.pages) : null;
  if (!selection || 'error' in selection) return document;
  const keep = (page: number) => isSelected(selection, page);
  const pages = document.pages.filter((page) => keep(page.page));
  if (pages.length === 0)
    throw permanent(
      'VALIDATION_ERROR',
      `options.pages ${options.ok ? options.value.pages : ''} selects none of the parents' pages`,
    );
  const errors = (document.errors ?? []).filter((error) => keep(error.page));
  return documentOfPages(document, pages, errors);
}

/** The parsed pages parent `id` stored (a parse job's result, another job's parsed.json), for `job`. */
export async function loadParentPages(ctx: Context, job: JobRecord, id: JobId): Promise<ParsedDocument> {
  const parent = await getJob(ctx.db, job.orgId, id);
  if (!parent || (parent.status !== 'completed' && parent.status !== 'partial')) {
    throw permanent('DEPENDENCY_FAILED', `the job it depends on, ${id}, has no pages to reuse`);
  }
  const key = parent.type === 'parse' ? (parent.resultKey ?? resultKey(id)) : parsedKey(id);
  const raw = await ctx.blobs.getBytes(key).catch(async (error) => {
    throw await readFailure(ctx, error, {
      missingFrom: `the pages of job ${id} (${key}), which job ${job.id} depends on, are missing from`,
      stillStored: async () => {
        const row = await getJob(ctx.db, job.orgId, id);
        return row?.status === 'completed' || row?.status === 'partial';
      },
      gone: () => permanent('DEPENDENCY_FAILED', `the pages of ${id} are gone (deleted or expired)`),
    });
  });
  // A parse job that chunked keeps its chunks beside its pages: they are that job's, not the child's.
  const {
    chunks: _chunks,
    chunking: _chunking,
    ...pages
  } = JSON.parse(Buffer.from(raw).toString('utf8')) as ParsedDocument & {
    chunks?: unknown;
    chunking?: unknown;
  };
  return pages;
}

/**
 * A stored input's read failing, as what it means for the job: a refusing store or a key missing
 * while the database still says it was stored is this worker's fault (BlobStoreFault); a key
 * missing because its job went meanwhile is `gone()`; anything else (the store down) as it is,
 * transient.
 */
async function readFailure(
  ctx: Context,
  error: unknown,
  input: { missingFrom: string; stillStored: () => Promise<boolean>; gone: () => Error },
): Promise<unknown> {
  if (error instanceof BlobAccessDeniedError)
    return new BlobStoreFault(`${storeName(ctx.config)} refuses this worker: ${error.message}`, {
      cause: error,
    });
  if (!(error instanceof BlobNotFoundError)) return error;
  if (!(await input.stillStored())) return input.gone();
  return new BlobStoreFault(`${input.missingFrom} ${storeName(ctx.config)}`, { cause: error });
}
