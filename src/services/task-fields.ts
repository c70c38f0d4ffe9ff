import { DocjobsError } from '../core/errors.ts';
import type { DefinitionRef, JobTask } from '../core/task.ts';

/** The request fields that describe a task; the same names in JSON, multipart and workflow steps. */
export interface TaskFields {
  schema?: unknown;
  extractorId?: unknown;
  prompt?: unknown;
  categories?: unknown;
  classifierId?: unknown;
  engine?: unknown;
  steps?: unknown;
}

export const taskFieldNames = [
  'schema',
  'extractorId',
  'prompt',
  'categories',
  'classifierId',
  'engine',
  'steps',
] as const;

export interface ResolvedTask {
  task: JobTask | null;
  /** The saved extractor of an extract job, for the list filter and the stats. */
  extractor: DefinitionRef | null;
}

export const invalid = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new DocjobsError('VALIDATION_ERROR', message, { details: { ...details, field } });
