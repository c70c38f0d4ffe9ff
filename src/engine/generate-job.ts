/**
 * A generate job's run (issue 19): its template (inline, or its uploaded file), filled and drawn
 * as a PDF (pipeline/generate), then parsed once — the pages that children with dependsOn on it
 * read, as they read an edit job's — with OCR off: every page is our own text layer.
 */
import { permanent } from '../core/errors.ts';
import { templateFormatOf } from '../core/generate-options.ts';
import type { JobRecord } from '../core/job.ts';
import { defaultParseOptions } from '../core/parse-options.ts';
import type { GenerateTask } from '../core/task.ts';
import { type GenerateReport, generateDocument } from '../pipeline/generate/generate-document.ts';
import { readDocument } from '../pipeline/read-document.ts';
import type { DetectedType, ParsedDocument, StageContext } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import type { JobContent } from './job-content.ts';

const pdfType: DetectedType = { kind: 'pdf', mimeType: 'application/pdf' };

export interface GenerateRun {
  pdf: Uint8Array;
  report: GenerateReport;
  parsed: ParsedDocument;
  content: JobContent;
}

export async function runGenerateJob(
  ctx: Context,
  job: JobRecord,
  task: GenerateTask,
  stage: StageContext,
  onDetected: (detected: DetectedType) => void,
): Promise<GenerateRun> {
  const template = task.template ?? (await uploadedTemplate(ctx, job));
  const format = templateFormatOf(task.format, template, job.fileName, job.mimeType);
  const { pdf, report } = await generateDocument(
    {
      template,
      format,
      data: task.data,
      pageSize: task.pageSize,
      pageNumbers: task.pageNumbers,
      title: task.title,
    },
    stage.signal,
  );
  onDetected(pdfType);
  const started = performance.now();
  const read = await readDocument(
    pdf,
    pdfType,
    { signal: stage.signal },
    { ...defaultParseOptions, ocr: 'off' },
  );
  const content: JobContent = {
    ...read,
    parseMs: Math.round(performance.now() - started),
    detected: pdfType,
    reusedFrom: [],
  };
  return { pdf, report, parsed: read.document, content };
}

/** The job's uploaded file as the template: UTF-8 text (a BOM is dropped), not a binary file. */
async function uploadedTemplate(ctx: Context, job: JobRecord): Promise<string> {
  const bytes = await ctx.blobs.getBytes(job.documentKey!);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw permanent('UNSUPPORTED_FORMAT', 'the template file is not UTF-8 text (send Markdown or HTML)');
  }
  if (text.includes('\u0000'))
    throw permanent('UNSUPPORTED_FORMAT', 'the template file is binary, not Markdown or HTML text');
  return text.replace(/^\uFEFF/, '');
}
