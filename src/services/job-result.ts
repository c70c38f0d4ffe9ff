import { parsedKey } from '../blobs/blob-store.ts';
import type { Chunk } from '../core/chunk.ts';
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import type { JobRecord } from '../core/job.ts';
import type { ResultFormat } from '../core/result-format.ts';
import { extractionRows, type Row, toCsv, toJsonl } from '../pipeline/extract/flatten.ts';
import type { JsonSchema } from '../pipeline/extract/types.ts';
import { documentHtml } from '../pipeline/html-output.ts';
import { tablesCsv } from '../pipeline/tables-csv.ts';
import type { ParsedDocument } from '../pipeline/types.ts';
import type { Context } from './context.ts';
import { findJob } from './find-job.ts';
import { schemaRows } from './schema-rows.ts';
import type { PartOutput } from './split-parts.ts';

export { type ResultFormat, resultFormats } from '../core/result-format.ts';

export const resultContentType: Record<ResultFormat, string> = {
  json: 'application/json; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

type StoredResult = ParsedDocument & { type: string; chunks?: Chunk[] };

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
  if (job.type !== 'parse') return renderTaskResult(ctx, job, JSON.parse(raw) as TaskResult, format);
  const result = JSON.parse(raw) as StoredResult;
  switch (format) {
    case 'markdown':
      return result.markdown;
    case 'text':
      return result.text;
    case 'html':
      return documentHtml(result, { keepFurniture: job.options.keepFurniture === true });
    case 'jsonl':
      // With options.chunking, a line per chunk (what a retrieval pipeline loads); else per page.
      if (result.chunks) return chunkLines(job, result.chunks);
      return `${result.pages.map((page) => JSON.stringify({ jobId: job.id, ...page })).join('\n')}\n`;
    case 'csv':
      // Every table of the document, one CSV section per table (pipeline/tables-csv.ts).
      return tablesCsv(result);
  }
}

/**
 * Extract, classify and workflow results: csv and jsonl as a table (one row per line item, see
 * flatten.ts), markdown and text of the pages the job read.
 */
async function renderTaskResult(
  ctx: Context,
  job: JobRecord,
  result: TaskResult,
  format: Exclude<ResultFormat, 'json'>,
) {
  if (format === 'markdown' || format === 'text' || format === 'html') {
    const parsed = JSON.parse(
      Buffer.from(await ctx.blobs.getBytes(parsedKey(job.id))).toString('utf8'),
    ) as ParsedDocument;
    if (format === 'html') return documentHtml(parsed, { keepFurniture: job.options.keepFurniture === true });
    return format === 'markdown' ? parsed.markdown : parsed.text;
  }
  if (result.chunks) return format === 'jsonl' ? chunkLines(job, result.chunks) : chunksCsv(result.chunks);
  const { columns, rows } = resultTable(result);
  return format === 'csv' ? toCsv(columns, rows) : toJsonl(rows);
}

/** One chunk a line, with its job's id: what an embedding or indexing script reads line by line. */
const chunkLines = (job: JobRecord, chunks: readonly Chunk[]) =>
  chunks.length === 0
    ? ''
    : `${chunks.map((chunk) => JSON.stringify({ jobId: job.id, ...chunk })).join('\n')}\n`;

/** A chunk a row: where it is and its text (boxes stay in the JSON forms). */
function chunksCsv(chunks: readonly Chunk[]): string {
  const columns = ['id', 'index', 'pages', 'headingPath', 'blockTypes', 'tokens', 'text'];
  const rows: Row[] = chunks.map((chunk) => ({
    id: chunk.id,
    index: chunk.index,
    pages: chunk.pages.join(' '),
    headingPath: chunk.headingPath.join(' > '),
    blockTypes: chunk.blockTypes.join(' '),
    tokens: chunk.tokens,
    text: chunk.text,
  }));
  return toCsv(columns, rows);
}

interface TaskResult {
  type: string;
  chunks?: Chunk[];
  schema?: JsonSchema;
  data?: Record<string, unknown>;
  label?: string | null;
  confidence?: number | Record<string, number>;
  scores?: Record<string, number>;
  parts?: PartOutput[];
  steps?: { type: string; outputs?: (TaskResult & { from: number; to: number; skipped?: string })[] }[];
}

/** A split job: one row per part. */
function splitRows(parts: readonly PartOutput[]): { columns: string[]; rows: Row[] } {
  const columns = ['part', 'pages', 'label', 'confidence', 'cues', 'document', 'jobId'];
  const rows: Row[] = parts.map((part) => ({
    part: part.part,
    pages: `${part.pages.from}-${part.pages.to}`,
    label: part.label,
    confidence: part.confidence,
    cues: part.cues.join(' '),
    document: part.document,
    jobId: part.jobId ?? null,
  }));
  return { columns, rows };
}

function resultTable(result: TaskResult): { columns: string[]; rows: Row[] } {
  if (result.type === 'extract') return extractionRows(result.schema ?? {}, result.data ?? {});
  if (result.type === 'classify') {
    const scores = Object.entries(result.scores ?? {}).map(
      ([name, score]) => [`score.${name}`, score] as const,
    );
    const row: Row = {
      label: result.label ?? null,
      confidence: result.confidence as number,
      ...Object.fromEntries(scores),
    };
    return { columns: Object.keys(row), rows: [row] };
  }
  if (result.type === 'split') return splitRows(result.parts ?? []);
  if (result.type === 'schema') return schemaRows(result as Parameters<typeof schemaRows>[0]);
  // A workflow: the rows of each part's extraction, each led by the part's pages and label.
  const columns = ['pages', 'label'];
  const rows: Row[] = [];
  for (const step of result.steps ?? []) {
    if (step.type !== 'extract') continue;
    for (const output of step.outputs ?? []) {
      if (!output.data) continue;
      const table = extractionRows(output.schema ?? {}, output.data);
      for (const column of table.columns) if (!columns.includes(column)) columns.push(column);
      const part = {
        pages: `${output.from}-${output.to}`,
        label: (output as { label?: string | null }).label ?? null,
      };
      rows.push(...table.rows.map((row) => ({ ...part, ...row })));
    }
  }
  return { columns, rows };
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
