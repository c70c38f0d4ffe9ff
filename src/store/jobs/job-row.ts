import type { JobFailure, JobStage } from '../../core/errors.ts';
import type { JobId, OrgId } from '../../core/ids.ts';
import type { JobRecord, JobType, Metadata } from '../../core/job.ts';
import type { JobStatus } from '../../core/job-status.ts';
import type { QualityCategory } from '../../core/quality.ts';
import type { JobTask } from '../../core/task.ts';

/** A `jobs` row as both drivers return it (timestamps as Date, jsonb parsed, bigint as string). */
export interface JobRow {
  id: string;
  org_id: string;
  type: string;
  status: string;
  stage: string | null;
  progress: number;
  pages_done: number;
  pages_total: number | null;
  file_name: string | null;
  mime_type: string | null;
  file_kind: string | null;
  size_bytes: string | number;
  document_key: string | null;
  result_key: string | null;
  options: Record<string, unknown>;
  metadata: Metadata;
  priority: number;
  timeout_seconds: number;
  retry_count: number;
  attempt: number;
  error: JobFailure | null;
  idempotency_key: string | null;
  request_hash: string | null;
  reprocessed_from: string | null;
  queue_job_id: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  processing_ms: number | null;
  quality_score: number | null;
  quality_category: string | null;
  webhook_url: string | null;
  case_id: string | null;
  expires_at: Date | null;
  trace: unknown;
  task: JobTask | null;
  extractor_id: string | null;
  extractor_version: number | null;
  min_confidence: number | null;
  llm_tokens: number;
  depends_on: string[];
  waiting_for: string[] | null;
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

export function toJobRecord(row: JobRow): JobRecord {
  return {
    id: row.id as JobId,
    orgId: row.org_id as OrgId,
    type: row.type as JobType,
    status: row.status as JobStatus,
    stage: row.stage as JobStage | null,
    progress: row.progress,
    pagesDone: row.pages_done,
    pagesTotal: row.pages_total,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    completedAt: iso(row.completed_at),
    processingMs: row.processing_ms,
    qualityScore: row.quality_score === null ? null : Number(row.quality_score),
    qualityCategory: row.quality_category as QualityCategory | null,
    retryCount: row.retry_count,
    error: row.error,
    metadata: row.metadata,
    options: row.options,
    fileName: row.file_name,
    mimeType: row.mime_type,
    sizeBytes: Number(row.size_bytes),
    priority: row.priority,
    timeoutSeconds: row.timeout_seconds,
    reprocessedFrom: row.reprocessed_from as JobId | null,
    webhookUrl: row.webhook_url,
    caseId: row.case_id,
    expiresAt: iso(row.expires_at),
    documentKey: row.document_key,
    resultKey: row.result_key,
    fileKind: row.file_kind,
    attempt: row.attempt,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    queueJobId: row.queue_job_id,
    trace: row.trace ?? null,
    task: row.task ?? null,
    extractorId: row.extractor_id,
    extractorVersion: row.extractor_version,
    minConfidence: row.min_confidence === null ? null : Number(row.min_confidence),
    llmTokens: row.llm_tokens ?? 0,
    dependsOn: (row.depends_on ?? []) as JobId[],
    waitingFor: row.waiting_for as JobId[] | null,
  };
}
