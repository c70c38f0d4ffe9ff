/**
 * A `schema` job's run (issue 19): the schema is proposed from the parsed pages the job read (its
 * own, or its parent's with dependsOn) and, when the document is a PDF with an AcroForm, from the
 * form's fields. The form is read from the job's upload, or from its one parent's PDF (an edit
 * parent's output, else the PDF it read); a document without a readable form simply has none.
 */
import { DocjobsError } from '../core/errors.ts';
import type { JobRecord } from '../core/job.ts';
import { type FormField, readFormFields } from '../pipeline/forms/read-form-fields.ts';
import { proposeSchema } from '../pipeline/schema/propose-schema.ts';
import type { TaskOutcome } from '../pipeline/tasks/run-task.ts';
import type { ParsedDocument } from '../pipeline/types.ts';
import type { Context } from '../services/context.ts';
import { parentPdf } from './edit-job.ts';
import type { JobContent } from './job-content.ts';

export async function runSchemaJob(
  ctx: Context,
  job: JobRecord,
  document: ParsedDocument,
  content: JobContent,
  signal: AbortSignal,
): Promise<TaskOutcome> {
  const started = performance.now();
  const form = await jobForm(ctx, job, content);
  signal.throwIfAborted();
  const proposal = proposeSchema(document, form, signal);
  return {
    result: { ...proposal },
    minConfidence: null,
    // Traced like an extraction step: the built-in engine read the pages to propose the fields.
    calls: [{ stage: 'extracting', engine: 'builtin', ms: Math.round(performance.now() - started) }],
  };
}

async function jobForm(ctx: Context, job: JobRecord, content: JobContent): Promise<FormField[] | null> {
  const pdf = job.documentKey
    ? content.detected?.kind === 'pdf'
      ? await ctx.blobs.getBytes(job.documentKey)
      : null
    : job.dependsOn.length === 1
      ? await parentPdf(ctx, job, job.dependsOn[0]!, 0).catch((error: unknown) => {
          // A parent with no document of its own to read a form from: the pages are enough.
          if (error instanceof DocjobsError && error.code === 'DEPENDENCY_FAILED') return null;
          throw error;
        })
      : null;
  if (!pdf) return null;
  // Not a PDF pdf-lib reads (a parent's DOCX or image, a PDF it cannot open): no form.
  return readFormFields(pdf).catch((error: unknown) => {
    if (error instanceof DocjobsError) return null;
    throw error;
  });
}
