import { Readable } from 'node:stream';
import { type Cell, csvLine } from '../core/csv.ts';
import type { OrgId } from '../core/ids.ts';
import { type Job, type JobRecord, publicJob } from '../core/job.ts';
import type { JobFilter } from '../core/job-filter.ts';
import type { Cursor } from '../core/page-request.ts';
import { listJobPage } from '../store/jobs/list-jobs.ts';
import type { Context } from './context.ts';

export const exportFormats = ['csv', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportContentType: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * Rows fetched per query. A page of 1,000 jobs is ~1 MB of records at most; the stream asks for
 * the next page only when the response has taken the previous one (Readable.from pulls), so an
 * export of 100,000 jobs holds one page, not 100,000 jobs.
 */
export const exportPageSize = 1000;

type Column = [name: string, value: (job: Job) => Cell];

const columns: Column[] = [
  ['id', (job) => job.id],
  ['type', (job) => job.type],
  ['status', (job) => job.status],
  ['createdAt', (job) => job.createdAt],
  ['startedAt', (job) => job.startedAt],
  ['completedAt', (job) => job.completedAt],
  ['processingMs', (job) => job.processingMs],
  ['pagesTotal', (job) => job.pagesTotal],
  ['qualityScore', (job) => job.qualityScore],
  ['qualityCategory', (job) => job.qualityCategory],
  ['retryCount', (job) => job.retryCount],
  ['errorCode', (job) => job.error?.code],
  ['errorMessage', (job) => job.error?.message],
  ['fileName', (job) => job.fileName],
  ['mimeType', (job) => job.mimeType],
  ['sizeBytes', (job) => job.sizeBytes],
  ['caseId', (job) => job.caseId],
  ['reprocessedFrom', (job) => job.reprocessedFrom],
  ['expiresAt', (job) => job.expiresAt],
  ['extractorId', (job) => job.extractorId],
  ['extractorVersion', (job) => job.extractorVersion],
  ['minConfidence', (job) => job.minConfidence],
  ['metadata', (job) => JSON.stringify(job.metadata)],
];

/**
 * The filtered jobs, newest first, as a stream of text: one chunk per page of `pageSize`
 * walked with the list's (created_at, id) cursor. Not a snapshot: a job deleted while the
 * export runs and not yet reached is left out, one created meanwhile is newer than the first
 * page and not in it.
 */
export function exportJobs(
  ctx: Context,
  orgId: OrgId,
  filter: JobFilter,
  format: ExportFormat,
  { pageSize = exportPageSize, withData = false }: { pageSize?: number; withData?: boolean } = {},
): Readable {
  async function* chunks(): AsyncGenerator<string> {
    if (format === 'csv') yield csvLine([...columns.map(([name]) => name), ...(withData ? ['data'] : [])]);
    else yield '[';
    let cursor: Cursor | undefined;
    let first = true;
    for (;;) {
      const page = await listJobPage(ctx.db, orgId, filter, { limit: pageSize, cursor });
      let text = '';
      const data = withData ? await dataOf(ctx, page.jobs) : [];
      for (const [i, record] of page.jobs.entries()) {
        const job = publicJob(record);
        if (format === 'csv') {
          const cells = columns.map(([, value]) => value(job));
          text += csvLine(withData ? [...cells, data[i] === null ? null : JSON.stringify(data[i])] : cells);
        } else {
          text += `${first ? '\n' : ',\n'}${JSON.stringify(withData ? { ...job, data: data[i] } : job)}`;
          first = false;
        }
      }
      if (text) yield text;
      const last = page.jobs.at(-1);
      if (!page.hasMore || !last) break;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
    if (format === 'json') yield '\n]\n';
  }
  return Readable.from(chunks(), { objectMode: false });
}

/**
 * What a finished job found, for `include=data`: an extraction's data, a classification's label
 * and scores, a workflow's parts and step outputs. Parse and chunk jobs have none here (their text
 * and chunks are the result itself). Eight results read at a time.
 */
async function dataOf(ctx: Context, jobs: readonly JobRecord[]): Promise<unknown[]> {
  const out: unknown[] = jobs.map(() => null);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      if (
        job.type === 'parse' ||
        job.type === 'chunk' ||
        !job.resultKey ||
        (job.status !== 'completed' && job.status !== 'partial')
      )
        continue;
      const bytes = await ctx.blobs.getBytes(job.resultKey).catch(() => null);
      if (!bytes) continue;
      const { data, label, confidence, scores, parts, steps } = JSON.parse(
        Buffer.from(bytes).toString('utf8'),
      );
      out[i] =
        job.type === 'extract'
          ? data
          : job.type === 'classify'
            ? { label, confidence, scores }
            : { parts, steps };
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return out;
}
