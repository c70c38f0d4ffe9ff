import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { ParsedDocument } from '../pipeline/types.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';

export const resultFormats = ['json', 'markdown', 'text', 'jsonl'] as const;
export type ResultFormat = (typeof resultFormats)[number];

export const contentTypeOf: Record<ResultFormat, string> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

type StoredResult = ParsedDocument & { type: string };

/** The result of a completed (or partial) job in the asked-for rendering. */
export async function getJobResult(
  ctx: Context,
  orgId: OrgId,
  id: string,
  format: ResultFormat,
): Promise<string> {
  const job = await findJob(ctx, orgId, id);
  if (job.status !== 'completed' && job.status !== 'partial') {
    throw new DocjobsError(
      'RESULT_NOT_READY',
      `job ${id} is ${job.status}; a result exists once it is completed`,
      {
        details: { status: job.status },
      },
    );
  }
  if (!job.resultKey) throw new DocjobsError('NOT_FOUND', `job ${id} has no result`);
  const raw = Buffer.from(await ctx.blobs.getBytes(job.resultKey)).toString('utf8');
  if (format === 'json') return raw;
  const result = JSON.parse(raw) as StoredResult;
  switch (format) {
    case 'markdown':
      return result.markdown;
    case 'text':
      return result.text;
    case 'jsonl':
      return `${result.pages.map((page) => JSON.stringify({ jobId: job.id, ...page })).join('\n')}\n`;
  }
}

/** The trace of a job's last run (stages, timings, OCR passes, engines), kept with its completion. */
export async function getJobTrace(ctx: Context, orgId: OrgId, id: string): Promise<unknown> {
  const job = await findJob(ctx, orgId, id);
  if (job.trace === null) {
    throw new DocjobsError('RESULT_NOT_READY', `job ${id} is ${job.status}; it has no trace`, {
      details: { status: job.status },
    });
  }
  return job.trace;
}
