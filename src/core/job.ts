import type { JobFailure, JobStage } from './errors.ts';
import type { JobId, OrgId } from './ids.ts';
import type { JobStatus } from './job-status.ts';
import type { QualityCategory } from './quality.ts';
import type { JobTask } from './task.ts';

export const jobTypes = [
  'parse',
  'extract',
  'classify',
  'workflow',
  'chunk',
  'edit',
  'split',
  'fill',
  'schema',
  'generate',
] as const;
export type JobType = (typeof jobTypes)[number];
export const isJobType = (value: string): value is JobType => (jobTypes as readonly string[]).includes(value);

export type Metadata = Record<string, string>;

/** A job as the API shows it. */
export interface Job {
  id: JobId;
  type: JobType;
  status: JobStatus;
  stage: JobStage | null;
  progress: number;
  pagesDone: number;
  pagesTotal: number | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  processingMs: number | null;
  /** 0..1: how sure the job is of the text it read; null until it completes having read text. */
  qualityScore: number | null;
  qualityCategory: QualityCategory | null;
  retryCount: number;
  error: JobFailure | null;
  metadata: Metadata;
  options: Record<string, unknown>;
  fileName: string | null;
  mimeType: string | null;
  sizeBytes: number;
  priority: number;
  timeoutSeconds: number;
  reprocessedFrom: JobId | null;
  /** Where this job's end is announced, instead of the organisation's webhook. */
  webhookUrl: string | null;
  /** The case that keeps this job's documents from the purge. */
  caseId: string | null;
  /** When the purge removes the job's data (terminal jobs only; never for jobs in a case). */
  expiresAt: string | null;
  /** The jobs whose parsed pages this one reuses; it starts when they have all ended. */
  dependsOn: JobId[];
  /** The parents that have not ended yet; null once the job may run. */
  waitingFor: JobId[] | null;
  /** The saved extractor (and its version) an extract job ran with. */
  extractorId: string | null;
  extractorVersion: number | null;
  /** An extraction's lowest field confidence (0 when a field was not found). */
  minConfidence: number | null;
}

/** What only the service sees: ownership, blob keys, queue bookkeeping. */
export interface JobRecord extends Job {
  orgId: OrgId;
  documentKey: string | null;
  resultKey: string | null;
  fileKind: string | null;
  attempt: number;
  idempotencyKey: string | null;
  requestHash: string | null;
  queueJobId: string | null;
  /** The last run's trace (GET /v1/jobs/{id}/trace), written with its completion. */
  trace: unknown;
  /** What the job does beyond reading the document (schema, categories, steps, engine). */
  task: JobTask | null;
  llmTokens: number;
}

export function publicJob(record: JobRecord): Job {
  const {
    orgId: _org,
    documentKey: _document,
    resultKey: _result,
    fileKind: _kind,
    attempt: _attempt,
    idempotencyKey: _key,
    requestHash: _hash,
    queueJobId: _queue,
    trace: _trace,
    task: _task,
    llmTokens: _tokens,
    ...job
  } = record;
  return job;
}

export const metadataLimits = { keys: 16, keyLength: 64, valueLength: 512 } as const;

/** Returns the first fault as a field path and message, or null when the metadata is fine. */
export function checkMetadata(value: unknown): { field: string; message: string } | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { field: 'metadata', message: 'metadata must be an object of string values' };
  }
  const entries = Object.entries(value);
  if (entries.length > metadataLimits.keys) {
    return {
      field: 'metadata',
      message: `metadata has ${entries.length} keys; at most ${metadataLimits.keys}`,
    };
  }
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > metadataLimits.keyLength) {
      return {
        field: `metadata.${key}`,
        message: `metadata keys must be 1 to ${metadataLimits.keyLength} characters`,
      };
    }
    if (typeof item !== 'string')
      return { field: `metadata.${key}`, message: 'metadata values must be strings' };
    if (item.length > metadataLimits.valueLength) {
      return {
        field: `metadata.${key}`,
        message: `metadata value is ${item.length} characters; at most ${metadataLimits.valueLength}`,
      };
    }
  }
  return null;
}
