/**
 * The options of a submitted `generate` job (issue 19): its template, data and page taken out of
 * its options before those are checked as reading options, and made its task. Other types refuse
 * them and say which type takes them.
 */
import { checkGenerateOptions, generateOptionNames } from '../core/generate-options.ts';
import type { JobType } from '../core/job.ts';
import type { GenerateTask } from '../core/task.ts';
import { invalid } from './task-fields.ts';

export interface GenerateRequest {
  /** The options left to check as reading options. */
  readingOptions: Record<string, unknown>;
  task: GenerateTask | null;
  /** The generate fields as sent, kept in the job's options (a retry reads them again). */
  own: Record<string, unknown>;
}

/** `uploaded`: the request carries a document (the template file). */
export function takeGenerateOptions(
  type: JobType,
  options: Record<string, unknown>,
  uploaded: boolean,
): GenerateRequest {
  const own: Record<string, unknown> = {};
  const readingOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if ((generateOptionNames as readonly string[]).includes(key)) own[key] = value;
    else readingOptions[key] = value;
  }
  if (type !== 'generate') {
    // `data` is left to the other types' own checks (a fill job takes it too); the rest is ours.
    const stray = Object.keys(own).find((key) => key !== 'data');
    if (stray)
      throw invalid(`options.${stray}`, `options.${stray} applies to generate jobs, not ${type} jobs`);
    return { readingOptions: options, task: null, own: {} };
  }
  const checked = checkGenerateOptions(own, uploaded);
  if (!checked.ok) throw invalid(checked.field, checked.message);
  // Reading options are checked as usual and shown with the job; nothing is read, so they do nothing
  // (a retry sends them back with the defaults filled in).
  return { readingOptions, task: checked.value, own };
}
